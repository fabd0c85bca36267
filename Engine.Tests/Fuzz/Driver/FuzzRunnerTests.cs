using Engine.Fuzz.Driver;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Fuzz.Driver;

/// <summary>The driver reports each kind of failure of a deliberately broken target, and replays and saves it.</summary>
[Trait("Category", "Unit")]
public sealed class FuzzRunnerTests(ITestOutputHelper output)
{
    [Fact]
    public void Fuzz_TargetThrowsNullReference_ReportsExceptionFailure()
    {
        using ToyTarget target = new(ToyFlaw.NullReference);

        FuzzReport report = Fuzz(target, TimeSpan.FromSeconds(2));

        FuzzFailure failure = Assert.IsType<FuzzFailure>(report.Failure);
        Assert.Equal(FailureKind.Exception, failure.Kind);
        Assert.IsType<NullReferenceException>(failure.Exception);
        Assert.True(failure.Input[0] >= 0x80);
    }

    [Fact]
    public void Fuzz_TargetAllocatesALengthField_ReportsAllocationFailure()
    {
        using ToyTarget target = new(ToyFlaw.TrustsLength);

        FuzzReport report = Fuzz(target, TimeSpan.FromSeconds(2));

        FuzzFailure failure = Assert.IsType<FuzzFailure>(report.Failure);
        Assert.Equal(FailureKind.Allocation, failure.Kind);
        Assert.True(failure.AllocatedBytes >= 4 << 20, $"{failure.AllocatedBytes} bytes");
    }

    [Fact]
    public void Fuzz_TargetHangs_ReportsHangWithinTheTimeout()
    {
        using ToyTarget target = new(ToyFlaw.Hangs);
        FuzzOptions options = new() { Seed = Seed(), MaxIterations = 100_000, InputTimeout = TimeSpan.FromMilliseconds(300) };

        FuzzReport report = new FuzzRunner(target, options).Fuzz([.. target.Seeds()]);

        FuzzFailure failure = Assert.IsType<FuzzFailure>(report.Failure);
        Assert.Equal(FailureKind.Hang, failure.Kind);
        Assert.True(failure.Input[0] >= 0x80);
        Assert.True(report.Elapsed < TimeSpan.FromSeconds(10), $"took {report.Elapsed}");
    }

    [Fact]
    public void Replay_FailingInput_ReportsTheSameFailure()
    {
        using ToyTarget target = new(ToyFlaw.NullReference);

        FuzzReport failing = new FuzzRunner(target, new FuzzOptions { MaxIterations = 1 }).Replay([0x92, 0, 0, 0, 0]);
        FuzzReport passing = new FuzzRunner(target, new FuzzOptions { MaxIterations = 1 }).Replay([0x41, 0, 0, 0, 0]);

        Assert.Equal(FailureKind.Exception, failing.Failure?.Kind);
        Assert.True(passing.Passed);
        Assert.Equal(1, passing.Iterations);
    }

    [Fact]
    public void Execute_ReplayOfAnAcceptedInput_ExitsWithZeroAndWritesNothing()
    {
        using TempDirectory findings = new();
        string input = Path.Combine(findings.Path, "input.bin");
        File.WriteAllBytes(input, [0x05, 0, 0, 0x50, 1, 2, 3, 4, 5]);
        string output = Path.Combine(findings.Path, "out");
        FuzzCommandLine command = FuzzCommandLine.Parse(["--target", "lz4", "--input", input, "--out", output], out _)!;
        using StringWriter text = new();

        int exitCode = FuzzCommand.Execute(command, text);

        Assert.Equal(FuzzCommand.Passed, exitCode);
        Assert.False(Directory.Exists(output));
        Assert.Contains("no failure", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFinding_Failure_WritesTheInputUnderTargetKindAndHash()
    {
        using TempDirectory findings = new();
        using ToyTarget target = new(ToyFlaw.NullReference);
        FuzzFailure failure = new FuzzRunner(target, new FuzzOptions { MaxIterations = 1 }).Replay([0x92, 0, 0, 0, 0]).Failure!;

        string written = CorpusStore.WriteFinding(findings.Path, target.Name, failure);

        Assert.Equal(failure.Input, File.ReadAllBytes(written));
        Assert.Equal($"toy-NullReference-exception-{CorpusStore.Hash(failure.Input)}.bin", Path.GetFileName(written));
        Assert.Contains("NullReferenceException", File.ReadAllText(Path.ChangeExtension(written, ".txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Mutator_SameSeed_ProducesTheSameInputs()
    {
        byte[][] corpus = [[1, 2, 3, 4, 5, 6, 7, 8], [0x80, 0x80, 0x01, 9]];
        int seed = Seed();
        Mutator first = new(seed, corpus, 64);
        Mutator second = new(seed, corpus, 64);

        for (int i = 0; i < 500; i++)
        {
            byte[] input = first.Next();
            Assert.Equal(input, second.Next());
            Assert.True(input.Length <= 64);
        }
    }

    [Fact]
    public void Parse_MissingDuration_IsRejected()
    {
        Assert.Null(FuzzCommandLine.Parse(["--target", "lz4"], out string? error));
        Assert.NotNull(error);
        Assert.Equal(3.5, FuzzCommandLine.Parse(["--target", "lz4", "--seconds", "3.5", "--seed", "-7"], out _)?.Seconds);
    }

    private FuzzReport Fuzz(ToyTarget target, TimeSpan duration) =>
        new FuzzRunner(target, new FuzzOptions { Seed = Seed(), Duration = duration }).Fuzz([.. target.Seeds()]);

    private int Seed() => TestSeed.Get(output, "fuzz driver");
}
