using System;

namespace Engine.Lsm.Events;

/// <summary>A write stall: a writer waiting for flush or compaction to make room.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record StallEvent
{
    public StallReason Reason { get; init; }

    /// <summary>How long the writer waited; zero at begin.</summary>
    public TimeSpan Duration { get; init; }
}
