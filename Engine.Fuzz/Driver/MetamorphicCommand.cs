using System.Diagnostics;
using System.Globalization;
using Engine.Fuzz.Metamorphic;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Fuzz.Driver;

/// <summary>
/// The driver's metamorphic modes: <c>--metamorphic</c> generates logs from consecutive seeds and checks each
/// (<see cref="MetamorphicCheck"/>); <c>--metamorphic-replay FILE</c> checks a saved log. Exit codes as the fuzzer's.
/// </summary>
/// <remarks>Stateless; each call is independent.</remarks>
internal static class MetamorphicCommand
{
    /// <summary>Operations per generated log unless <c>--ops</c> says otherwise.</summary>
    public const int DefaultOps = 2000;

    public static int Execute(FuzzCommandLine command, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        MetamorphicCheckOptions options = new()
        {
            OptionSets = command.OptionSets ?? MetamorphicOptionSets.DefaultCount,
            FailureDirectory = command.Out,
        };
        return command.MetamorphicReplay is string path
            ? Replay(path, command.OptionsSeed, options, output)
            : Generate(command, options, output);
    }

    /// <summary>
    /// Checks the log saved in <paramref name="path"/> and prints the outcome to <paramref name="output"/>; the entry
    /// point of <c>--metamorphic-replay</c>. The option sets' seed is <paramref name="optionsSeed"/> or, when null, the
    /// log's <c># options-seed</c>, else its <c># seed</c>.
    /// </summary>
    public static int Replay(string path, int? optionsSeed, MetamorphicCheckOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        OpLog log;
        try
        {
            log = OpLogReader.Read(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptionException)
        {
            output.WriteLine($"cannot read the log: {ex.Message}");
            return FuzzCommand.BadArguments;
        }

        if ((optionsSeed ?? log.OptionsSeed ?? log.Seed) is not int seed)
        {
            output.WriteLine($"{path} names no seed: give --options-seed N");
            return FuzzCommand.BadArguments;
        }

        output.WriteLine($"metamorphic: replaying {path} ({log.Ops.Count} ops) on {options.OptionSets} option sets of seed {seed}");
        return Check(() => MetamorphicCheck.Run(log, seed, options), output);
    }

    private static int Generate(FuzzCommandLine command, MetamorphicCheckOptions options, TextWriter output)
    {
        int baseSeed = command.Seed ?? Random.Shared.Next();
        int ops = command.Ops ?? DefaultOps;
        long runs = command.Runs ?? (command.Seconds is null ? 1 : long.MaxValue);
        Stopwatch clock = Stopwatch.StartNew();
        output.WriteLine($"metamorphic: seeds from {baseSeed} (replay the run with --seed {baseSeed}), {ops} ops per log, {options.OptionSets} option sets");
        long run = 0;
        for (; run < runs && (command.Seconds is not double seconds || clock.Elapsed.TotalSeconds < seconds); run++)
        {
            int seed = unchecked(baseSeed + (int)run);
            int code = Check(() => MetamorphicCheck.Run(seed, ops, options), output);
            if (code != FuzzCommand.Passed)
            {
                return code;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metamorphic: {run} logs in {clock.Elapsed.TotalSeconds:0.0} s, no failure"));
        return FuzzCommand.Passed;
    }

    private static int Check(Func<MetamorphicReport> check, TextWriter output)
    {
        MetamorphicReport report;
        try
        {
            report = check();
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.InvalidArgument)
        {
            output.WriteLine($"the log cannot be replayed: {ex.Message}");
            return FuzzCommand.BadArguments;
        }

        string name = report.Seed is int seed ? "seed " + seed.ToString(CultureInfo.InvariantCulture) : "log";
        if (report.Divergence is not MetamorphicDivergence divergence)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: {report.Operations} ops, {report.Reads} reads; {report.OptionSetsRun} option sets match the model ({report.Elapsed.TotalSeconds:0.0} s)"));
            return FuzzCommand.Passed;
        }

        output.WriteLine($"{name}: FAILURE (options seed {report.OptionsSeed})");
        output.WriteLine(divergence.Describe());
        output.WriteLine($"log written to {report.LogPath}");
        output.WriteLine("replay with: " + MetamorphicCheck.ReplayCommand(report.LogPath!, report.OptionsSeed));
        return FuzzCommand.FailureFound;
    }
}
