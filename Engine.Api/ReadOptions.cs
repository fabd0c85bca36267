namespace Engine.Api;

/// <summary>What an iterator or a scan sees: at which snapshot, and which keys.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record ReadOptions
{
    /// <summary>Latest data, every key.</summary>
    public static readonly ReadOptions Default = new();

    /// <summary>Read as of this snapshot; null reads the latest data.</summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>
    /// The keys to visit, lower bound inclusive and upper bound exclusive; <see cref="KeyRange.All"/> (the default)
    /// for every key. Seeks outside the range land on its nearest edge.
    /// </summary>
    public KeyRange Range { get; init; }
}
