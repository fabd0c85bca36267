using Xunit.Abstractions;

namespace Engine.Tests.Infrastructure;

/// <summary>Seeds for randomized tests: ENGINE_TEST_SEED replays one; otherwise a fresh one is drawn and printed.</summary>
internal static class TestSeed
{
    public static int Get(ITestOutputHelper output, string testName)
    {
        string? fixedSeed = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED");
        int seed = fixedSeed is not null ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"{testName}: seed {seed} (replay with ENGINE_TEST_SEED={seed})");
        return seed;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for the replayed seed alone, or for <paramref name="count"/> seeds derived from a
    /// fresh base; a failure names the seed that failed.
    /// </summary>
    public static void Run(ITestOutputHelper output, string testName, int count, Action<int> body)
    {
        string? fixedSeed = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED");
        int baseSeed = fixedSeed is not null ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next(int.MaxValue - count);
        int runs = fixedSeed is not null ? 1 : count;
        output.WriteLine($"{testName}: seeds {baseSeed} .. {baseSeed + runs - 1} (replay one with ENGINE_TEST_SEED=<seed>)");
        for (int seed = baseSeed; seed < baseSeed + runs; seed++)
        {
            try
            {
                body(seed);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{testName} failed with seed {seed} (replay with ENGINE_TEST_SEED={seed}): {ex}");
            }
        }
    }
}
