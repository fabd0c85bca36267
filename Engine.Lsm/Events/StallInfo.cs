using System;

// Declared in Engine.Api.Events although the file lives in Engine.Lsm/Events, for the reason given in FlushInfo.cs.
namespace Engine.Api.Events;

/// <summary>A write stall: a writer waiting for flush or compaction to make room.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record StallInfo
{
    /// <summary>Why the writer waits.</summary>
    public StallReason Reason { get; init; }

    /// <summary>How long the writer waited; zero at begin.</summary>
    public TimeSpan Duration { get; init; }
}
