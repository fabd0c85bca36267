namespace Engine.Fuzz.Metamorphic;

/// <summary>A metamorphic operation log: the operations, and the seeds that made it when a generator did.</summary>
/// <remarks>
/// The text form (<see cref="OpLogWriter"/>, <see cref="OpLogReader"/>) carries the seeds as header comments
/// <c># seed N</c> and <c># options-seed N</c>, so a saved log replays on the option sets it failed on. Immutable;
/// thread-safe.
/// </remarks>
internal sealed record OpLog(IReadOnlyList<MetamorphicOp> Ops)
{
    /// <summary>The generator's seed, or null for a log written by hand.</summary>
    public int? Seed { get; init; }

    /// <summary>The seed the option sets are drawn from, or null to use <see cref="Seed"/>.</summary>
    public int? OptionsSeed { get; init; }
}
