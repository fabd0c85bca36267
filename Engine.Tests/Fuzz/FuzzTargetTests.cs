using Engine.Fuzz.Driver;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Fuzz;

/// <summary>Every fuzz target, driven in-process for a bounded number of mutated inputs, and over its checked-in corpus.</summary>
[Trait("Category", "Randomized")]
public sealed class FuzzTargetTests(ITestOutputHelper output)
{
    private const int Iterations = 2000;

    public static TheoryData<string> TargetNames() => [.. FuzzTargets.All().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Fuzz_MutatedInputs_FindNoFailure(string name)
    {
        IFuzzTarget target = FuzzTargets.Find(name)!;
        int seed = TestSeed.Get(output, $"fuzz {name}");
        IReadOnlyList<byte[]> corpus = CorpusStore.Load(CorpusDirectory(name), target);

        FuzzReport report = new FuzzRunner(target, new FuzzOptions { Seed = seed, MaxIterations = Iterations }).Fuzz(corpus);

        output.WriteLine($"{report.Iterations} iterations in {report.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(report.Passed, report.Failure is FuzzFailure failure ? CorpusStore.Describe(name, failure) : null);
        Assert.Equal(Iterations, report.Iterations);
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Replay_EveryCorpusFile_Passes(string name)
    {
        IFuzzTarget target = FuzzTargets.Find(name)!;
        string[] files = Directory.GetFiles(CorpusDirectory(name));
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            FuzzReport report = new FuzzRunner(target, new FuzzOptions { MaxIterations = 1 }).Replay(File.ReadAllBytes(file));
            Assert.True(report.Passed, report.Failure is FuzzFailure failure ? $"{file}: {CorpusStore.Describe(name, failure)}" : null);
        }
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Seeds_MatchTheCheckedInCorpus(string name)
    {
        // The corpus is written by --make-corpus from Seeds(); a writer change that alters the seeds shows up here.
        IFuzzTarget target = FuzzTargets.Find(name)!;
        List<byte[]> seeds = [.. target.Seeds()];
        for (int i = 0; i < seeds.Count; i++)
        {
            string file = Path.Combine(CorpusDirectory(name), $"seed-{i:D2}.bin");
            Assert.True(File.Exists(file), $"{file} is missing: run Engine.Fuzz --make-corpus");
            Assert.Equal(seeds[i], File.ReadAllBytes(file));
        }
    }

    private static string CorpusDirectory(string name) => Path.Combine(CorpusStore.DefaultCorpusRoot, name);
}
