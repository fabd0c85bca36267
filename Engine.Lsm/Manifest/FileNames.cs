using System;
using System.Globalization;
using System.IO;

namespace Engine.Lsm.Manifest;

/// <summary>The names of the files in a store directory, and their parsing.</summary>
/// <remarks>
/// <code>
/// NNNNNN.log        a WAL
/// NNNNNN.sst        a table
/// MANIFEST-NNNNNN   a manifest
/// OPTIONS-NNNNNN    the effective options written at an open
/// CURRENT           names the live manifest; CURRENT.tmp while it is replaced
/// LOCK              held while the store is open
/// </code>
/// Numbers come from one counter and are never reused. Stateless; thread-safe.
/// </remarks>
internal static class FileNames
{
    public const string Current = "CURRENT";
    public const string CurrentTemp = "CURRENT.tmp";
    public const string Lock = "LOCK";

    private const string ManifestPrefix = "MANIFEST-";
    private const string OptionsPrefix = "OPTIONS-";

    public static string Log(string directory, ulong number) => Path.Combine(directory, Format(number) + ".log");

    public static string Table(string directory, ulong number) => Path.Combine(directory, Format(number) + ".sst");

    public static string Manifest(string directory, ulong number) => Path.Combine(directory, ManifestName(number));

    public static string ManifestName(ulong number) => ManifestPrefix + Format(number);

    public static string Options(string directory, ulong number) => Path.Combine(directory, OptionsPrefix + Format(number));

    /// <summary>Tells what a file in the store directory is; false for names the store does not own.</summary>
    public static bool TryParse(string name, out FileKind kind, out ulong number)
    {
        number = 0;
        kind = default;
        if (name == Current || name == CurrentTemp || name == Lock)
        {
            kind = name == Lock ? FileKind.Lock : FileKind.Current;
            return true;
        }

        if (name.StartsWith(ManifestPrefix, StringComparison.Ordinal))
        {
            kind = FileKind.Manifest;
            return TryParseNumber(name.AsSpan(ManifestPrefix.Length), out number);
        }

        if (name.StartsWith(OptionsPrefix, StringComparison.Ordinal))
        {
            kind = FileKind.Options;
            return TryParseNumber(name.AsSpan(OptionsPrefix.Length), out number);
        }

        if (name.EndsWith(".log", StringComparison.Ordinal))
        {
            kind = FileKind.Log;
            return TryParseNumber(name.AsSpan(0, name.Length - 4), out number);
        }

        if (name.EndsWith(".sst", StringComparison.Ordinal))
        {
            kind = FileKind.Table;
            return TryParseNumber(name.AsSpan(0, name.Length - 4), out number);
        }

        return false;
    }

    private static string Format(ulong number) => number.ToString("D6", CultureInfo.InvariantCulture);

    private static bool TryParseNumber(ReadOnlySpan<char> digits, out ulong number)
    {
        number = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return digits.Length > 0 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}

/// <summary>What a file in the store directory is.</summary>
internal enum FileKind
{
    Log,
    Table,
    Manifest,
    Options,
    Current,
    Lock,
}
