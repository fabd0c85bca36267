using System.Diagnostics;
using System.Globalization;
using Engine.Lsm.Options;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// The metamorphic check: a log replays on the model and on each option set drawn from the options seed, and every
/// option set's transcript must equal the model's line for line. The first difference is reported with the option
/// set, the operation and both lines, and the log is written to a file together with the command that replays it.
/// </summary>
/// <remarks>Stateless; thread-safe. Option sets replay one after another, each on its own thread under a watchdog.</remarks>
internal static class MetamorphicCheck
{
    /// <summary><c>engine-metamorphic</c> in the temporary directory.</summary>
    public static string DefaultFailureDirectory => Path.Combine(Path.GetTempPath(), "engine-metamorphic");

    /// <summary>Generates the log of <paramref name="seed"/> and checks it on the option sets of the same seed.</summary>
    public static MetamorphicReport Run(int seed, int operations, MetamorphicCheckOptions? options = null) =>
        Run(new MetamorphicGenerator(seed).Generate(operations), seed, options);

    /// <summary>Checks <paramref name="log"/> on the option sets drawn from <paramref name="optionsSeed"/>.</summary>
    /// <exception cref="Engine.Api.StorageException">InvalidArgument: the log breaks a rule of <see cref="OpLogValidator"/>.</exception>
    public static MetamorphicReport Run(OpLog log, int optionsSeed, MetamorphicCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= MetamorphicCheckOptions.Default;
        OpLogValidator.Validate(log.Ops);
        Stopwatch clock = Stopwatch.StartNew();
        IReadOnlyList<TranscriptLine> expected;
        using (IMetamorphicTarget model = options.Model())
        {
            expected = new TranscriptRecorder().Record(log.Ops, model);
        }

        IReadOnlyList<LsmOptions> sets = MetamorphicOptionSets.Draw(optionsSeed, options.OptionSets);
        MetamorphicDivergence? divergence = null;
        int run = 0;
        while (divergence is null && run < sets.Count)
        {
            divergence = ReplayAndCompare(log.Ops, expected, run, sets[run], options.ReplayTimeout);
            run++;
        }

        string? path = divergence is null ? null : WriteFailingLog(log, optionsSeed, divergence, options.FailureDirectory ?? DefaultFailureDirectory);
        return new MetamorphicReport
        {
            Seed = log.Seed,
            OptionsSeed = optionsSeed,
            Operations = log.Ops.Count,
            Reads = expected.Count,
            OptionSetsRun = run,
            Elapsed = clock.Elapsed,
            Divergence = divergence,
            LogPath = path,
        };
    }

    /// <summary>The index of the first line where the transcripts differ, or -1 when they are equal.</summary>
    public static int FirstDifference(IReadOnlyList<TranscriptLine> expected, IReadOnlyList<TranscriptLine> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            if (expected[i] != actual[i])
            {
                return i;
            }
        }

        return expected.Count == actual.Count ? -1 : common;
    }

    /// <summary>The command that replays a saved log on the option sets of <paramref name="optionsSeed"/>.</summary>
    public static string ReplayCommand(string path, int optionsSeed) => string.Create(
        CultureInfo.InvariantCulture,
        $"dotnet run --project Engine.Fuzz -c Release -- --metamorphic-replay {path} --options-seed {optionsSeed}");

    private static MetamorphicDivergence? ReplayAndCompare(IReadOnlyList<MetamorphicOp> ops, IReadOnlyList<TranscriptLine> expected, int index, LsmOptions options, TimeSpan timeout)
    {
        TranscriptRecorder recorder = new();
        List<TranscriptLine> actual = [];
        Thread thread = new(() => actual.AddRange(Replay(ops, options, recorder)))
        {
            IsBackground = true,
            Name = "metamorphic replay " + index.ToString(CultureInfo.InvariantCulture),
        };
        thread.Start();
        string description = MetamorphicOptionSets.Describe(options);
        if (!thread.Join(timeout))
        {
            // A thread cannot be aborted: a slow replay stops at its next operation, a stuck one stays stuck, and
            // being a background thread it does not keep the process alive.
            int op = recorder.CurrentOp;
            recorder.Cancel();
            string line = new TranscriptLine(op, $"hang: no progress for {timeout.TotalSeconds:0} s").Describe(ops);
            return new MetamorphicDivergence(index, description, op, "(the operation completes)", line, null);
        }

        int at = FirstDifference(expected, actual);
        if (at < 0)
        {
            return null;
        }

        TranscriptLine? want = at < expected.Count ? expected[at] : null;
        TranscriptLine? got = at < actual.Count ? actual[at] : null;
        int opIndex = Math.Min(want?.OpIndex ?? int.MaxValue, got?.OpIndex ?? int.MaxValue);
        return new MetamorphicDivergence(index, description, opIndex, want?.Describe(ops) ?? "(none)", got?.Describe(ops) ?? "(none)", recorder.Error);
    }

    /// <summary>The store's transcript; failures to open or close the store end it with an error line too.</summary>
    private static List<TranscriptLine> Replay(IReadOnlyList<MetamorphicOp> ops, LsmOptions options, TranscriptRecorder recorder)
    {
        List<TranscriptLine> lines = [];
        bool opened = false;
        try
        {
            using MetamorphicRunner runner = new(options);
            opened = true;

            // Record catches what the operations throw; what reaches the handler below is the open or the close.
            lines.AddRange(recorder.Record(ops, runner));
        }
        catch (Exception ex)
        {
            lines.Add(opened
                ? new TranscriptLine(ops.Count, "close failed: " + TranscriptRecorder.ErrorText(ex))
                : new TranscriptLine(-1, "open failed: " + TranscriptRecorder.ErrorText(ex)));
        }

        return lines;
    }

    private static string WriteFailingLog(OpLog log, int optionsSeed, MetamorphicDivergence divergence, string directory)
    {
        Directory.CreateDirectory(directory);
        string name = log.Seed is int seed
            ? string.Create(CultureInfo.InvariantCulture, $"seed-{seed}.ops")
            : string.Create(CultureInfo.InvariantCulture, $"log-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.ops");
        string path = Path.GetFullPath(Path.Combine(directory, name));
        string text = OpLogWriter.Write(
            log with { OptionsSeed = optionsSeed },
            ["replay: " + ReplayCommand(path, optionsSeed), divergence.Describe()]);
        File.WriteAllText(path, text);
        return path;
    }
}
