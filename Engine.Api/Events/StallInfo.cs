using System;

namespace Engine.Api.Events;

/// <summary>A write stall: a writer waiting for flush or compaction to make room.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record StallInfo
{
    /// <summary>"MemtableLimit" (too many memtables await flush) or "L0StopTrigger" (L0 holds too many tables).</summary>
    public string Reason { get; init; } = "";

    /// <summary>How long the writer waited; zero at begin.</summary>
    public TimeSpan Duration { get; init; }
}
