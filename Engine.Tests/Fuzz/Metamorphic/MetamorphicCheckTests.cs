using Engine.Fuzz.Metamorphic;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Fuzz.Metamorphic;

/// <summary>The check itself: it finds a difference, names where, and saves the log so that it replays.</summary>
[Trait("Category", "Unit")]
public sealed class MetamorphicCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "engine-metamorphic-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Run_ModelWithAFlaw_ReportsTheFirstDifferenceAndWritesTheLog()
    {
        int seed = TestSeed.Get(output, nameof(Run_ModelWithAFlaw_ReportsTheFirstDifferenceAndWritesTheLog));
        OpLog log = new MetamorphicGenerator(seed).Generate(600);
        int flawedRead = 40;
        MetamorphicCheckOptions options = new() { FailureDirectory = _directory, Model = () => new FlawedModel(flawedRead) };

        MetamorphicReport report = MetamorphicCheck.Run(log, seed, options);

        MetamorphicDivergence divergence = Assert.IsType<MetamorphicDivergence>(report.Divergence);
        int opIndex = IndexOfRead(log, flawedRead);
        Assert.Equal(seed, report.Seed);
        Assert.Equal(opIndex, divergence.OpIndex);
        Assert.Equal(0, divergence.OptionSet);
        Assert.Equal(1, report.OptionSetsRun);
        Assert.Contains($"#{opIndex} {log.Ops[opIndex]} -> flawed", divergence.Expected, StringComparison.Ordinal);
        Assert.StartsWith($"#{opIndex} {log.Ops[opIndex]} -> ", divergence.Actual, StringComparison.Ordinal);
        Assert.Contains("memtable=4K", divergence.Describe(), StringComparison.Ordinal);

        string path = Assert.IsType<string>(report.LogPath);
        Assert.Equal(Path.Combine(Path.GetFullPath(_directory), $"seed-{seed}.ops"), path);
        string text = File.ReadAllText(path);
        Assert.Contains($"# replay: {MetamorphicCheck.ReplayCommand(path, seed)}", text, StringComparison.Ordinal);
        Assert.Contains($"# first difference at op {opIndex}", text, StringComparison.Ordinal);
        OpLog saved = OpLogReader.Read(text, path);
        Assert.Equal(log.Ops, saved.Ops);
        Assert.Equal(seed, saved.Seed);
        Assert.Equal(seed, saved.OptionsSeed);
    }

    [Fact]
    public void Run_ReplayOutlastsTheTimeout_ReportsAHangAtTheOperationRunning()
    {
        int seed = TestSeed.Get(output, nameof(Run_ReplayOutlastsTheTimeout_ReportsAHangAtTheOperationRunning));
        OpLog log = new MetamorphicGenerator(seed).Generate(5000);
        MetamorphicCheckOptions options = new() { FailureDirectory = _directory, ReplayTimeout = TimeSpan.FromMilliseconds(1), OptionSets = 1 };

        MetamorphicReport report = MetamorphicCheck.Run(log, seed, options);

        MetamorphicDivergence divergence = Assert.IsType<MetamorphicDivergence>(report.Divergence);
        Assert.Contains("hang: no progress", divergence.Actual, StringComparison.Ordinal);
        Assert.True(File.Exists(report.LogPath));
    }

    [Fact]
    public void FirstDifference_ComparesOperationIndexAndOutput()
    {
        TranscriptLine[] lines = [new(1, "a"), new(4, "b"), new(9, "c")];

        Assert.Equal(-1, MetamorphicCheck.FirstDifference(lines, [.. lines]));
        Assert.Equal(1, MetamorphicCheck.FirstDifference(lines, [new(1, "a"), new(4, "x"), new(9, "c")]));
        Assert.Equal(1, MetamorphicCheck.FirstDifference(lines, [new(1, "a"), new(5, "b"), new(9, "c")]));
        Assert.Equal(2, MetamorphicCheck.FirstDifference(lines, [new(1, "a"), new(4, "b")]));
        Assert.Equal(3, MetamorphicCheck.FirstDifference(lines, [.. lines, new(10, "d")]));
    }

    [Fact]
    public void Record_TargetThrows_EndsWithAnErrorLineAtThatOperation()
    {
        OpLog log = OpLogReader.Read("put k1 v1.1\nget k1\nget k2\nflush\nget k1\n", "t.ops");
        TranscriptRecorder recorder = new();
        using ThrowingTarget target = new(throwAt: 3);

        IReadOnlyList<TranscriptLine> lines = recorder.Record(log.Ops, target);

        Assert.Equal([new(1, "v1.1"), new(2, "absent"), new(3, "error: InvalidOperationException: injected")], lines);
        Assert.IsType<InvalidOperationException>(recorder.Error);
    }

    internal static int IndexOfRead(OpLog log, int read)
    {
        using MetamorphicModel model = new();
        int reads = 0;
        for (int i = 0; i < log.Ops.Count; i++)
        {
            if (model.Apply(log.Ops[i]) is not null && reads++ == read)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"the log has only {reads} reads");
    }

    /// <summary>The model, except that one read (counted from 0) says "flawed".</summary>
    internal sealed class FlawedModel(int flawedRead) : IMetamorphicTarget
    {
        private readonly MetamorphicModel _model = new();
        private int _reads;

        public string? Apply(MetamorphicOp op)
        {
            string? read = _model.Apply(op);
            return read is not null && _reads++ == flawedRead ? "flawed" : read;
        }

        public void Dispose() => _model.Dispose();
    }

    private sealed class ThrowingTarget(int throwAt) : IMetamorphicTarget
    {
        private readonly MetamorphicModel _model = new();
        private int _index;

        public string? Apply(MetamorphicOp op) =>
            _index++ == throwAt ? throw new InvalidOperationException("injected") : _model.Apply(op);

        public void Dispose() => _model.Dispose();
    }
}
