namespace Engine.Fuzz.Driver;

/// <summary>The outcome of one fuzzing or replay run.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record FuzzReport(string Target, int Seed, long Iterations, TimeSpan Elapsed, int CorpusSize, FuzzFailure? Failure)
{
    /// <summary>True when no input failed.</summary>
    public bool Passed => Failure is null;

    /// <summary>Iterations per second of wall time.</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? Iterations / Elapsed.TotalSeconds : 0;
}
