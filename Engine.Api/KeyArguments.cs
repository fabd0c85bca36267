using System;
using System.Diagnostics.CodeAnalysis;
using Engine.Lsm.Options;

namespace Engine.Api;

/// <summary>
/// The checks on keys, values and ranges made at the public edge, so that a bad argument is an
/// <see cref="ArgumentException"/> naming the parameter, as .NET callers expect, before the engine sees it.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class KeyArguments
{
    public static void CheckKey(ReadOnlySpan<byte> key, string paramName)
    {
        if (key.IsEmpty)
        {
            ThrowEmptyKey(paramName);
        }

        if (key.Length > Defaults.MaxKeySizeBytes)
        {
            ThrowTooLong(paramName, key.Length, Defaults.MaxKeySizeBytes);
        }
    }

    public static void CheckValue(ReadOnlySpan<byte> value, string paramName)
    {
        if (value.Length > Defaults.MaxValueSizeBytes)
        {
            ThrowTooLong(paramName, value.Length, Defaults.MaxValueSizeBytes);
        }
    }

    public static void CheckRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        CheckKey(start, nameof(start));
        CheckKey(end, nameof(end));
        if (start.SequenceCompareTo(end) >= 0)
        {
            ThrowEmptyRange();
        }
    }

    [DoesNotReturn]
    private static void ThrowEmptyKey(string paramName) =>
        throw new ArgumentException("A key must not be empty.", paramName);

    [DoesNotReturn]
    private static void ThrowTooLong(string paramName, int length, int limit) =>
        throw new ArgumentOutOfRangeException(paramName, length, $"At most {limit} bytes are allowed.");

    [DoesNotReturn]
    private static void ThrowEmptyRange() =>
        throw new ArgumentException("The start of the range must be below its end (the end is exclusive).", "start");
}
