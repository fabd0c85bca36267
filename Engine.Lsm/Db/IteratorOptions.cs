namespace Engine.Lsm.Db;

/// <summary>What an iterator reads: at which snapshot, and within which bounds.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record IteratorOptions
{
    public static readonly IteratorOptions Default = new();

    /// <summary>Read as of this snapshot; null reads the latest data.</summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>Inclusive lower bound on keys, or null.</summary>
    public byte[]? LowerBound { get; init; }

    /// <summary>Exclusive upper bound on keys, or null.</summary>
    public byte[]? UpperBound { get; init; }

    /// <summary>Only keys that start with this prefix; combines with the bounds. Null for all keys.</summary>
    public byte[]? Prefix { get; init; }
}
