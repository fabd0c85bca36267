using System;
using System.Text;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>The argument checks of <see cref="TimeSeriesStore"/>: bad input is an <see cref="ArgumentException"/> before anything is read or written.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class TimeSeriesArguments
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks a series name: not null, not empty, with a UTF-8 form.</summary>
    public static void CheckSeries(string series, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(series, paramName);
        _ = ToUtf8(series, paramName);
    }

    /// <summary>Checks <c>[from, to)</c>: <paramref name="to"/> may equal <paramref name="from"/> (an empty range), not precede it.</summary>
    public static void CheckRange(DateTimeOffset from, DateTimeOffset to, string toName)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(toName, to, $"The end of the range precedes its start ({from:O}).");
        }
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>; a string with an unpaired surrogate has none.</summary>
    public static byte[] ToUtf8(string text, string paramName)
    {
        try
        {
            return s_strictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("A string contains an unpaired surrogate and has no UTF-8 form.", paramName);
        }
    }
}
