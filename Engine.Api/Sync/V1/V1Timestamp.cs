using System;
using System.Globalization;

namespace Engine.Api.Sync.V1;

/// <summary>
/// The text the reference writes for <c>started_at</c>, <c>ended_at</c> and <c>discovered_at</c> in v1 files
/// (shared/spec/baton-storage.md, section 3.3): local wall-clock time with no zone, Go layout
/// <c>2006-01-02 15:04:05.999999999</c> (fraction trimmed of trailing zeros, no dot when it is zero). Comparisons on
/// these strings are bytewise, so rendering must be exact.
/// </summary>
public static class V1Timestamp
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Renders <paramref name="unixNanos"/> as wall-clock time in <paramref name="zone"/>.</summary>
    public static string Format(long unixNanos, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        long seconds = Math.DivRem(unixNanos, NanosPerSecond, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += NanosPerSecond;
        }

        DateTimeOffset utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
        DateTime local = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
        string text = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (fraction == 0)
        {
            return text;
        }

        return string.Concat(text, ".", fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
    }

    /// <summary>
    /// Parses a v1 timestamp: the reference's zone-less form, read as wall-clock time in <paramref name="zone"/>, or the
    /// same text followed by a numeric offset or <c>Z</c> (as some Go SQLite drivers write), read at that offset. A
    /// <c>T</c> separator is accepted.
    /// </summary>
    /// <returns>False when <paramref name="text"/> is not such a timestamp.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, TimeZoneInfo zone, out long unixNanos)
    {
        ArgumentNullException.ThrowIfNull(zone);
        unixNanos = 0;
        if (text.Length < 19 || (text[10] != ' ' && text[10] != 'T'))
        {
            return false;
        }

        if (!DateTime.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date)
            || !TimeSpan.TryParseExact(text[11..19], @"hh\:mm\:ss", CultureInfo.InvariantCulture, out TimeSpan time))
        {
            return false;
        }

        int position = 19;
        long fraction = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            int digits = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (digits == 9)
                {
                    return false;
                }

                fraction = (fraction * 10) + (text[position] - '0');
                digits++;
                position++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        DateTime wallClock = date + time;
        TimeSpan offset;
        ReadOnlySpan<char> zoneText = text[position..];
        if (zoneText.IsEmpty)
        {
            offset = zone.GetUtcOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified));
        }
        else if (zoneText is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zoneText.Length == 6 && (zoneText[0] == '+' || zoneText[0] == '-')
            && TimeSpan.TryParseExact(zoneText[1..], @"hh\:mm", CultureInfo.InvariantCulture, out TimeSpan magnitude))
        {
            offset = zoneText[0] == '-' ? -magnitude : magnitude;
        }
        else
        {
            return false;
        }

        long seconds = new DateTimeOffset(wallClock, offset).ToUnixTimeSeconds();
        unixNanos = (seconds * NanosPerSecond) + fraction;
        return true;
    }
}
