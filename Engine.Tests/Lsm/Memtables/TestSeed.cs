using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Memtables;

/// <summary>Picks the seed of a randomized test and prints it so a failure replays. Stateless; thread-safe.</summary>
internal static class TestSeed
{
    /// <summary>ENGINE_TEST_SEED when set, otherwise a fresh seed; printed either way.</summary>
    public static int Pick(ITestOutputHelper output)
    {
        string? text = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED");
        int seed = int.TryParse(text, out int parsed) ? parsed : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with ENGINE_TEST_SEED={seed})");
        return seed;
    }
}
