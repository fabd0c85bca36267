namespace Engine.Fuzz.Metamorphic;

/// <summary>How <see cref="MetamorphicCheck"/> replays a log: how many option sets, how long each may take, where a failing log goes.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record MetamorphicCheckOptions
{
    public static readonly MetamorphicCheckOptions Default = new();

    /// <summary>Option sets to replay on, at least 1; <see cref="MetamorphicOptionSets.DefaultCount"/> by default.</summary>
    public int OptionSets { get; init; } = MetamorphicOptionSets.DefaultCount;

    /// <summary>Wall time one replay may take before it counts as a hang, named by the operation it was applying.</summary>
    public TimeSpan ReplayTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where a failing log is written; <see cref="MetamorphicCheck.DefaultFailureDirectory"/> by default.</summary>
    public string? FailureDirectory { get; init; }

    /// <summary>Makes the target whose transcript every option set must match; the sorted-dictionary model by default.</summary>
    /// <remarks>A seam for testing the check itself with a deliberately wrong model.</remarks>
    public Func<IMetamorphicTarget> Model { get; init; } = () => new MetamorphicModel();
}
