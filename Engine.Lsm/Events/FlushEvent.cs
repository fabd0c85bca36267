using System;

namespace Engine.Lsm.Events;

/// <summary>A memtable flush: at begin, its size; at end, the table written and how long it took.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record FlushEvent
{
    /// <summary>Bytes of the memtable being flushed.</summary>
    public long MemtableBytes { get; init; }

    /// <summary>The number of the table written (0 at begin, or when the memtable held only overwritten data).</summary>
    public ulong TableNumber { get; init; }

    /// <summary>Bytes of the table written; 0 at begin.</summary>
    public long TableBytes { get; init; }

    /// <summary>How long the flush took; zero at begin.</summary>
    public TimeSpan Duration { get; init; }
}
