using System;

namespace Engine.Lsm.Events;

/// <summary>A flush or compaction failed: the store stops acknowledging writes until it is reopened.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record BackgroundErrorEvent
{
    /// <summary>"flush" or "compaction".</summary>
    public required string Activity { get; init; }

    public required Exception Error { get; init; }
}
