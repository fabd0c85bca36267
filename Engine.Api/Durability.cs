namespace Engine.Api;

/// <summary>How far a write has travelled when the call that made it returns.</summary>
public enum Durability
{
    /// <summary>In the store's log buffer: a process crash may lose it. Fastest.</summary>
    Buffered = 0,

    /// <summary>Handed to the operating system: survives a process crash, not a power loss. The default.</summary>
    Flushed = 1,

    /// <summary>Fsynced: survives a power loss. Concurrent writers share one fsync (group commit).</summary>
    Synced = 2,
}
