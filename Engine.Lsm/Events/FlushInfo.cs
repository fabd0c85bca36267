using System;

// Declared in Engine.Api.Events although the file lives in Engine.Lsm/Events, a deliberate exception to folder =
// namespace: the engine raises these payloads and the public listener receives them as they are, so each event has
// one definition and a field the engine adds cannot be missing from the public surface.
namespace Engine.Api.Events;

/// <summary>A memtable flush: at begin, the memtable's size; at end, the table written and the time taken.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record FlushInfo
{
    /// <summary>Bytes of the memtable being flushed.</summary>
    public long MemtableBytes { get; init; }

    /// <summary>The number of the table written; 0 at begin, or when the memtable held only overwritten data.</summary>
    public ulong TableNumber { get; init; }

    /// <summary>Bytes of the table written; 0 at begin.</summary>
    public long TableBytes { get; init; }

    /// <summary>How long the flush took; zero at begin.</summary>
    public TimeSpan Duration { get; init; }
}
