using System;
using Engine.Lsm.Compaction;

namespace Engine.Lsm.Events;

/// <summary>A compaction: what it merges at begin; at end, also what it wrote and how it ended.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record CompactionEvent
{
    /// <summary>A number identifying the compaction, the same at begin and end.</summary>
    public long JobId { get; init; }

    public CompactionReason Reason { get; init; }

    public int StartLevel { get; init; }

    public int OutputLevel { get; init; }

    /// <summary>Input tables, from both levels.</summary>
    public int InputFiles { get; init; }

    public long InputBytes { get; init; }

    /// <summary>True when the table moved down by a manifest edit alone.</summary>
    public bool TrivialMove { get; init; }

    /// <summary>Tables written; 0 at begin.</summary>
    public int OutputFiles { get; init; }

    /// <summary>Bytes written; 0 at begin.</summary>
    public long OutputBytes { get; init; }

    /// <summary>How long it took; zero at begin.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>At end: true when it failed or was cancelled, and its result was discarded.</summary>
    public bool Aborted { get; init; }
}
