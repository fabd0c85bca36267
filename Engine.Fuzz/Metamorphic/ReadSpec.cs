namespace Engine.Fuzz.Metamorphic;

/// <summary>What an iterator or a scan reads: bounds, prefix, snapshot, and (scans only) the direction.</summary>
/// <remarks>
/// Keys are in their log text form (<see cref="KeyText"/>). <see cref="Lower"/> is inclusive, <see cref="Upper"/>
/// exclusive; <see cref="Prefix"/> keeps only keys starting with it. Immutable; thread-safe.
/// </remarks>
internal sealed record ReadSpec
{
    public static readonly ReadSpec Unbounded = new();

    public string? Lower { get; init; }

    public string? Upper { get; init; }

    public string? Prefix { get; init; }

    /// <summary>The snapshot handle to read at, or null for the state when the read starts.</summary>
    public int? Snapshot { get; init; }

    /// <summary>A scan from the last key back to the first; iterators ignore it.</summary>
    public bool Reverse { get; init; }
}
