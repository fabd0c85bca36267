using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Engine.Tests.Infrastructure;

/// <summary>
/// Runs a CsCheck property inside an xunit test with the suite's seed convention: a failure names the seed of its
/// (shrunk) failing case as <c>ENGINE_TEST_SEED=&lt;seed&gt;</c>, and setting that variable replays the case first.
/// </summary>
/// <remarks>
/// CsCheck draws each iteration from its own PCG seed, a 12 to 17 character string, and prints the seed of the
/// smallest failing case. A value of <c>ENGINE_TEST_SEED</c> of that form is passed to CsCheck as the first
/// iteration's seed; a shorter, numeric one belongs to the <see cref="TestSeed"/> tests and leaves properties on fresh
/// seeds. CsCheck's own <c>CsCheck_Seed</c> variable works too. Iterations run on one thread, as the properties were
/// written for. Stateless; thread-safe.
/// </remarks>
internal static partial class PropertyCheck
{
    private const string SeedVariable = "ENGINE_TEST_SEED";

    /// <summary>Checks that <paramref name="assert"/> does not throw for <paramref name="iter"/> samples of <paramref name="gen"/>.</summary>
    public static void Sample<T>(this Gen<T> gen, ITestOutputHelper output, Action<T> assert, long iter = 500) =>
        Run(output, iter, seed => gen.Sample(assert, output.WriteLine, seed, iter, threads: 1));

    /// <summary>Checks that <paramref name="predicate"/> holds for <paramref name="iter"/> samples of <paramref name="gen"/>.</summary>
    public static void Sample<T>(this Gen<T> gen, ITestOutputHelper output, Func<T, bool> predicate, long iter = 500) =>
        Run(output, iter, seed => gen.Sample(predicate, output.WriteLine, seed, iter, threads: 1));

    private static void Run(ITestOutputHelper output, long iter, Action<string?> sample)
    {
        string? replay = ReplaySeed();
        output.WriteLine(replay is null
            ? $"CsCheck: {iter} fresh samples; a failure names its seed (replay with {SeedVariable}=<seed>)"
            : $"CsCheck: replaying {SeedVariable}={replay} first, then {iter - 1} fresh samples");
        try
        {
            sample(replay);
        }
        catch (CsCheckException ex)
        {
            Match seed = SeedPattern().Match(ex.Message);
            string replayHint = seed.Success ? $"replay with {SeedVariable}={seed.Groups[1].Value}" : "no seed reported";
            throw new XunitException($"property failed ({replayHint}): {ex.Message}{Environment.NewLine}{ex.InnerException}");
        }
    }

    private static string? ReplaySeed()
    {
        string? value = Environment.GetEnvironmentVariable(SeedVariable);
        return value is { Length: >= 12 } ? value : null;
    }

    [GeneratedRegex("seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();
}
