using System.Globalization;

namespace Engine.Fuzz.Driver;

/// <summary>The driver's arguments, parsed.</summary>
/// <remarks>
/// <code>
/// Engine.Fuzz --list
/// Engine.Fuzz --target NAME --seconds S [--seed N] [--corpus DIR] [--out DIR]
/// Engine.Fuzz --target NAME --iterations N [--seed N] [--corpus DIR] [--out DIR]
/// Engine.Fuzz --target NAME --input FILE
/// Engine.Fuzz --make-corpus [--target NAME] [--corpus ROOT]
/// </code>
/// Immutable; thread-safe.
/// </remarks>
internal sealed record FuzzCommandLine
{
    public bool List { get; init; }

    public bool MakeCorpus { get; init; }

    public string? Target { get; init; }

    public double? Seconds { get; init; }

    public long? Iterations { get; init; }

    public int? Seed { get; init; }

    public string? Corpus { get; init; }

    public string? Out { get; init; }

    public string? Input { get; init; }

    public const string Usage =
        """
        usage: Engine.Fuzz --list
               Engine.Fuzz --target NAME (--seconds S | --iterations N) [--seed N] [--corpus DIR] [--out DIR]
               Engine.Fuzz --target NAME --input FILE
               Engine.Fuzz --make-corpus [--target NAME] [--corpus ROOT]
        exit code: 0 no failure, 1 failure found, 2 bad arguments
        """;

    /// <summary>Parses <paramref name="args"/>; null, with a reason in <paramref name="error"/>, when they do not make a command.</summary>
    public static FuzzCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        FuzzCommandLine parsed = new();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (arg)
            {
                case "--list":
                    parsed = parsed with { List = true };
                    continue;
                case "--make-corpus":
                    parsed = parsed with { MakeCorpus = true };
                    continue;
            }

            if (value is null)
            {
                error = $"{arg} needs a value";
                return null;
            }

            i++;
            switch (arg)
            {
                case "--target":
                    parsed = parsed with { Target = value };
                    break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0:
                    parsed = parsed with { Seconds = seconds };
                    break;
                case "--iterations" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long iterations) && iterations > 0:
                    parsed = parsed with { Iterations = iterations };
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed):
                    parsed = parsed with { Seed = seed };
                    break;
                case "--corpus":
                    parsed = parsed with { Corpus = value };
                    break;
                case "--out":
                    parsed = parsed with { Out = value };
                    break;
                case "--input":
                    parsed = parsed with { Input = value };
                    break;
                default:
                    error = $"unknown or malformed argument {arg} {value}";
                    return null;
            }
        }

        if (!parsed.List && !parsed.MakeCorpus)
        {
            if (parsed.Target is null)
            {
                error = "--target is required";
                return null;
            }

            if (parsed.Input is null && parsed.Seconds is null && parsed.Iterations is null)
            {
                error = "give --seconds, --iterations or --input";
                return null;
            }
        }

        return parsed;
    }
}
