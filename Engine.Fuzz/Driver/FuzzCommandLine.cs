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
/// Engine.Fuzz --metamorphic [--seed N] [--ops N] [--runs N | --seconds S] [--option-sets N] [--out DIR]
/// Engine.Fuzz --metamorphic-replay FILE [--options-seed N] [--option-sets N] [--out DIR]
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

    /// <summary>Generate logs and check each on the model and the option sets (<see cref="MetamorphicCommand"/>).</summary>
    public bool Metamorphic { get; init; }

    /// <summary>A saved operation log to check instead of generating one.</summary>
    public string? MetamorphicReplay { get; init; }

    /// <summary>Operations per generated log.</summary>
    public int? Ops { get; init; }

    /// <summary>Generated logs to check, with seeds counting up from <see cref="Seed"/>.</summary>
    public long? Runs { get; init; }

    /// <summary>The seed of the option sets of a replayed log; by default the one its header names.</summary>
    public int? OptionsSeed { get; init; }

    /// <summary>Option sets each log replays on.</summary>
    public int? OptionSets { get; init; }

    public const string Usage =
        """
        usage: Engine.Fuzz --list
               Engine.Fuzz --target NAME (--seconds S | --iterations N) [--seed N] [--corpus DIR] [--out DIR]
               Engine.Fuzz --target NAME --input FILE
               Engine.Fuzz --make-corpus [--target NAME] [--corpus ROOT]
               Engine.Fuzz --metamorphic [--seed N] [--ops N] [--runs N | --seconds S] [--option-sets N] [--out DIR]
               Engine.Fuzz --metamorphic-replay FILE [--options-seed N] [--option-sets N] [--out DIR]
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
                case "--metamorphic":
                    parsed = parsed with { Metamorphic = true };
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
                case "--metamorphic-replay":
                    parsed = parsed with { MetamorphicReplay = value };
                    break;
                case "--ops" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int ops) && ops > 0:
                    parsed = parsed with { Ops = ops };
                    break;
                case "--runs" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long runs) && runs > 0:
                    parsed = parsed with { Runs = runs };
                    break;
                case "--options-seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int optionsSeed):
                    parsed = parsed with { OptionsSeed = optionsSeed };
                    break;
                case "--option-sets" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int optionSets) && optionSets > 0:
                    parsed = parsed with { OptionSets = optionSets };
                    break;
                default:
                    error = $"unknown or malformed argument {arg} {value}";
                    return null;
            }
        }

        if (parsed.Metamorphic && parsed.MetamorphicReplay is not null)
        {
            error = "give --metamorphic or --metamorphic-replay, not both";
            return null;
        }

        if (parsed.Metamorphic || parsed.MetamorphicReplay is not null)
        {
            if (parsed.Target is not null || parsed.Input is not null || parsed.Iterations is not null || parsed.List || parsed.MakeCorpus)
            {
                error = "the metamorphic modes take no --target, --input, --iterations, --list or --make-corpus";
                return null;
            }

            if (parsed.Runs is not null && parsed.Seconds is not null)
            {
                error = "give --runs or --seconds, not both";
                return null;
            }

            return parsed;
        }

        if (parsed.Ops is not null || parsed.Runs is not null || parsed.OptionsSeed is not null || parsed.OptionSets is not null)
        {
            error = "--ops, --runs, --options-seed and --option-sets belong to --metamorphic and --metamorphic-replay";
            return null;
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
