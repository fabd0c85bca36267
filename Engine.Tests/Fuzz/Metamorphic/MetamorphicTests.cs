using Engine.Fuzz.Metamorphic;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Fuzz.Metamorphic;

/// <summary>
/// The metamorphic test: generated logs of puts, deletes, range deletes, batches, gets, iterator movements, snapshots,
/// flushes, compactions, checkpoints, reopens and crashes replay on the model and on eight option sets each, and every
/// read must agree. A failure names the seed and writes the log with its replay command (docs/testing.md).
/// </summary>
[Trait("Category", "Randomized")]
public sealed class MetamorphicTests(ITestOutputHelper output)
{
    [Fact]
    public void GeneratedLogs_EveryOptionSet_MatchesTheModel()
    {
        bool soak = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1";
#if DEBUG
        // Debug builds check the level invariants after every version change (CI runs this test there too), at about
        // half the speed: fewer logs keep that run short.
        int seeds = soak ? 200 : 8;
#else
        int seeds = soak ? 400 : 24;
#endif
        int operations = soak ? 5000 : 2500;
        long reads = 0;
        TestSeed.Run(output, nameof(GeneratedLogs_EveryOptionSet_MatchesTheModel), seeds, seed =>
        {
            MetamorphicReport report = MetamorphicCheck.Run(seed, operations);
            Assert.True(
                report.Passed,
                $"seed {seed}: {report.Divergence?.Describe()}\nlog: {report.LogPath}\nreplay: {(report.LogPath is null ? null : MetamorphicCheck.ReplayCommand(report.LogPath, report.OptionsSeed))}");
            Assert.Equal(MetamorphicOptionSets.DefaultCount, report.OptionSetsRun);
            reads += report.Reads;
        });
        output.WriteLine($"{reads} reads agreed on {MetamorphicOptionSets.DefaultCount} option sets each");
    }
}
