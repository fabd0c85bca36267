using System;
using System.Text;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// Keys and values on the command line: UTF-8 text by default, hex digits with <c>--hex</c>. Bytes that are not valid
/// UTF-8 are shown as hex in either case (tables prefix them with <c>0x</c>; JSON names them <c>…Hex</c>).
/// </summary>
internal static class ByteText
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes an argument stands for; malformed hex is a usage error naming <paramref name="what"/>.</summary>
    public static byte[] Parse(string text, bool hex, string what)
    {
        if (!hex)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new CliException(ExitCodes.Usage, $"{what} '{text}' is not hex digits");
        }
    }

    /// <summary>The bytes as UTF-8 text, or null when they are not valid UTF-8.</summary>
    public static string? TryText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return s_strict.GetString(bytes);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Lowercase hex digits.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>How a table cell shows the bytes: text, or <c>0x</c> and hex when <paramref name="hex"/> or not UTF-8.</summary>
    public static string Show(ReadOnlySpan<byte> bytes, bool hex) =>
        !hex && TryText(bytes) is { } text ? text : "0x" + Hex(bytes);

    /// <summary>Writes the bytes as property <paramref name="name"/> (text) or <c>nameHex</c> (hex digits).</summary>
    public static void Write(System.Text.Json.Utf8JsonWriter json, string name, ReadOnlySpan<byte> bytes, bool hex)
    {
        if (!hex && TryText(bytes) is { } text)
        {
            json.WriteString(name, text);
        }
        else
        {
            json.WriteString(name + "Hex", Hex(bytes));
        }
    }
}
