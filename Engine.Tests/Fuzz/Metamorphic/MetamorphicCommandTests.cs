using Engine.Fuzz.Driver;
using Engine.Fuzz.Metamorphic;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Fuzz.Metamorphic;

/// <summary>The driver's metamorphic modes: a saved log replays through the command's own entry point.</summary>
[Trait("Category", "Unit")]
public sealed class MetamorphicCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("engine-metamorphic-command-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Replay_WrittenLog_PassesThroughTheCommandLine()
    {
        int seed = TestSeed.Get(output, nameof(Replay_WrittenLog_PassesThroughTheCommandLine));
        string path = Save(new MetamorphicGenerator(seed).Generate(800) with { OptionsSeed = seed + 1 });

        (int code, string text) = Execute("--metamorphic-replay", path, "--option-sets", "3");

        Assert.True(code == FuzzCommand.Passed, text);
        Assert.Contains($"on 3 option sets of seed {seed + 1}", text, StringComparison.Ordinal);
        Assert.Contains("3 option sets match the model", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_LogTheModelDisagreesWith_ExitsOneAndPrintsTheReplayCommand()
    {
        int seed = TestSeed.Get(output, nameof(Replay_LogTheModelDisagreesWith_ExitsOneAndPrintsTheReplayCommand));
        OpLog log = new MetamorphicGenerator(seed).Generate(300);
        string path = Save(log);
        MetamorphicCheckOptions options = new() { FailureDirectory = _directory, Model = () => new MetamorphicCheckTests.FlawedModel(5) };
        using StringWriter writer = new();

        int code = MetamorphicCommand.Replay(path, optionsSeed: 77, options, writer);

        string text = writer.ToString();
        Assert.Equal(FuzzCommand.FailureFound, code);
        Assert.Contains($"seed {seed}: FAILURE (options seed 77)", text, StringComparison.Ordinal);
        Assert.Contains($"first difference at op {MetamorphicCheckTests.IndexOfRead(log, 5)}", text, StringComparison.Ordinal);
        string written = Path.Combine(_directory, $"seed-{seed}.ops");
        Assert.Contains("replay with: " + MetamorphicCheck.ReplayCommand(written, 77), text, StringComparison.Ordinal);
        Assert.Equal(77, OpLogReader.Read(File.ReadAllText(written), written).OptionsSeed);
    }

    [Fact]
    public void Generate_TwoRuns_ChecksConsecutiveSeeds()
    {
        (int code, string text) = Execute("--metamorphic", "--seed", "41", "--ops", "300", "--runs", "2", "--option-sets", "2");

        Assert.True(code == FuzzCommand.Passed, text);
        Assert.Contains("seed 41: ", text, StringComparison.Ordinal);
        Assert.Contains("seed 42: ", text, StringComparison.Ordinal);
        Assert.Contains("metamorphic: 2 logs in", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flush\nput k1\n", "cannot read the log")]
    [InlineData("# seed 1\niter.next it1\n", "cannot be replayed")]
    [InlineData("put k1 v1.1\n", "names no seed")]
    public void Replay_BadLog_ExitsTwoSayingWhy(string log, string message)
    {
        string path = Path.Combine(_directory, "bad.ops");
        File.WriteAllText(path, log);

        (int code, string text) = Execute("--metamorphic-replay", path);

        Assert.Equal(FuzzCommand.BadArguments, code);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_MissingFile_ExitsTwo()
    {
        (int code, string text) = Execute("--metamorphic-replay", Path.Combine(_directory, "missing.ops"), "--options-seed", "1");

        Assert.Equal(FuzzCommand.BadArguments, code);
        Assert.Contains("cannot read the log", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metamorphic", "--target", "wal")]
    [InlineData("--metamorphic", "--runs", "2", "--seconds", "1")]
    [InlineData("--metamorphic", "--metamorphic-replay", "x.ops")]
    [InlineData("--metamorphic", "--ops", "0")]
    [InlineData("--target", "wal", "--seconds", "1", "--ops", "10")]
    [InlineData("--list", "--options-seed", "3")]
    public void Parse_MetamorphicArgumentsMisused_Rejected(params string[] args)
    {
        Assert.Null(FuzzCommandLine.Parse(args, out string? error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Parse_MetamorphicModes_ReadTheirArguments()
    {
        FuzzCommandLine generate = Assert.IsType<FuzzCommandLine>(FuzzCommandLine.Parse(["--metamorphic", "--seed", "-5", "--ops", "100", "--seconds", "2.5"], out _));
        FuzzCommandLine replay = Assert.IsType<FuzzCommandLine>(FuzzCommandLine.Parse(["--metamorphic-replay", "a.ops", "--options-seed", "9", "--option-sets", "12"], out _));

        Assert.True(generate.Metamorphic);
        Assert.Equal((-5, 100, 2.5), (generate.Seed, generate.Ops, generate.Seconds));
        Assert.Equal(("a.ops", 9, 12), (replay.MetamorphicReplay, replay.OptionsSeed, replay.OptionSets));
        Assert.True(FuzzCommandLine.Parse(["--list"], out _)?.List);
        Assert.Contains("--metamorphic-replay FILE", FuzzCommandLine.Usage, StringComparison.Ordinal);
    }

    private string Save(OpLog log)
    {
        string path = Path.Combine(_directory, "saved.ops");
        File.WriteAllText(path, OpLogWriter.Write(log));
        return path;
    }

    private static (int Code, string Text) Execute(params string[] args)
    {
        FuzzCommandLine? command = FuzzCommandLine.Parse(args, out string? error);
        if (command is null)
        {
            return (FuzzCommand.BadArguments, error!);
        }

        using StringWriter writer = new();
        int code = FuzzCommand.Execute(command, writer);
        return (code, writer.ToString());
    }
}
