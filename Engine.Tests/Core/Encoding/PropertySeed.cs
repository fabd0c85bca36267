using FsCheck;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Encoding;

/// <summary>
/// The seed of a randomized test: ENGINE_TEST_SEED when set, otherwise a fresh one; always printed so a
/// failure can be replayed by exporting the printed value.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal static class PropertySeed
{
    /// <summary>Picks the seed and writes it to the test output.</summary>
    public static ulong Pick(ITestOutputHelper output)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED");
        ulong seed = ulong.TryParse(fromEnvironment, out ulong parsed) ? parsed : (ulong)Random.Shared.NextInt64();
        output.WriteLine($"ENGINE_TEST_SEED={seed}");
        return seed;
    }

    /// <summary>An FsCheck configuration that runs <paramref name="maxTest"/> cases replayably from the test's seed.</summary>
    public static Config Config(ITestOutputHelper output, int maxTest = 500)
    {
        ulong seed = Pick(output);

        // The gamma must be odd; deriving it from the seed keeps one number enough to replay a run.
        ulong gamma = (seed * 0x9E3779B97F4A7C15UL) | 1UL;
        return FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(seed, gamma);
    }
}
