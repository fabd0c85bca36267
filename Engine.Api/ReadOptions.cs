using System;

namespace Engine.Api;

/// <summary>What a read or an iterator sees: at which snapshot, and within which key bounds.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record ReadOptions
{
    /// <summary>Latest data, no bounds.</summary>
    public static readonly ReadOptions Default = new();

    /// <summary>Read as of this snapshot; null reads the latest data.</summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>Inclusive lower bound on keys (iterators only), or null.</summary>
    public ReadOnlyMemory<byte>? LowerBound { get; init; }

    /// <summary>Exclusive upper bound on keys (iterators only), or null.</summary>
    public ReadOnlyMemory<byte>? UpperBound { get; init; }

    /// <summary>Only keys that start with this prefix (iterators only); combines with the bounds.</summary>
    public ReadOnlyMemory<byte>? Prefix { get; init; }
}
