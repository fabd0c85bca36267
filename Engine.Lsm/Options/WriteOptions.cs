namespace Engine.Lsm.Options;

/// <summary>Per-write settings.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record WriteOptions
{
    /// <summary>Handed to the OS before the call returns: survives a process crash.</summary>
    public static readonly WriteOptions Default = new();

    /// <summary>Fsynced before the call returns.</summary>
    public static readonly WriteOptions Synced = new() { Durability = Durability.Synced };

    /// <summary>How durable the write is when the call returns.</summary>
    public Durability Durability { get; init; } = Durability.Flushed;
}
