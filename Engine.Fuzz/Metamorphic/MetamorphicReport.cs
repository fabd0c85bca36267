namespace Engine.Fuzz.Metamorphic;

/// <summary>The outcome of replaying one log on the model and on every option set.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record MetamorphicReport
{
    /// <summary>The generator's seed of the log, or null for a log written by hand.</summary>
    public int? Seed { get; init; }

    /// <summary>The seed the option sets were drawn from.</summary>
    public int OptionsSeed { get; init; }

    public int Operations { get; init; }

    /// <summary>Lines in the model's transcript: the reads each option set had to match.</summary>
    public int Reads { get; init; }

    /// <summary>Option sets replayed, the failing one included.</summary>
    public int OptionSetsRun { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>The first difference found, or null when every option set matched the model.</summary>
    public MetamorphicDivergence? Divergence { get; init; }

    /// <summary>The file the failing log was written to, or null when nothing failed.</summary>
    public string? LogPath { get; init; }

    public bool Passed => Divergence is null;
}
