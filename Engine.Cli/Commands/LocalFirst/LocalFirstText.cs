using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// Parses the values local-first verbs take as text: durations (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>,
/// <c>7d</c>, or <c>hh:mm:ss</c>), instants (ISO 8601, UTC unless an offset is given) and <c>key=value</c> pairs.
/// Anything malformed is a usage error (exit 2) naming the option.
/// </summary>
internal static class LocalFirstText
{
    /// <summary>A positive duration.</summary>
    public static TimeSpan Duration(string text, string option)
    {
        TimeSpan? value = TryUnits(text.Trim());
        if (value is null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed))
        {
            value = parsed;
        }

        if (value is not { } duration || duration <= TimeSpan.Zero)
        {
            throw new CliException(ExitCodes.Usage, $"{option} '{text}' is not a positive duration (e.g. 500ms, 30s, 5m, 2h, 7d)");
        }

        return duration;
    }

    /// <summary>An instant; without an offset, UTC.</summary>
    public static DateTimeOffset Instant(string text, string option)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant))
        {
            return instant;
        }

        throw new CliException(ExitCodes.Usage, $"{option} '{text}' is not an instant (ISO 8601, e.g. 2026-12-06T18:00:00Z)");
    }

    /// <summary><c>key=value</c> pairs (split at the first '='; the key non-empty) as a map; null when there are none.</summary>
    public static Dictionary<string, string>? Pairs(string[]? texts, string option)
    {
        if (texts is null || texts.Length == 0)
        {
            return null;
        }

        Dictionary<string, string> pairs = new(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"{option} '{text}' is not of the form KEY=VALUE");
            }

            pairs[text[..equals]] = text[(equals + 1)..];
        }

        return pairs;
    }

    private static TimeSpan? TryUnits(string text)
    {
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes),
            ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        ];
        foreach ((string suffix, Func<double, TimeSpan> make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)
                && double.IsFinite(amount) && Math.Abs(amount) < 1e9)
            {
                return make(amount);
            }
        }

        return null;
    }
}
