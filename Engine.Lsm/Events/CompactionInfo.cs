using System;

// Declared in Engine.Api.Events although the file lives in Engine.Lsm/Events, for the reason given in FlushInfo.cs.
namespace Engine.Api.Events;

/// <summary>A compaction: its inputs at begin; at end also its outputs, the time taken and whether it was aborted.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record CompactionInfo
{
    /// <summary>Identifies the compaction: the same at begin and end.</summary>
    public long JobId { get; init; }

    /// <summary>Why the compaction was picked.</summary>
    public CompactionReason Reason { get; init; }

    /// <summary>The level the compaction takes tables from.</summary>
    public int StartLevel { get; init; }

    /// <summary>The level it writes to.</summary>
    public int OutputLevel { get; init; }

    /// <summary>Input tables, from both levels.</summary>
    public int InputFiles { get; init; }

    /// <summary>Bytes of the input tables.</summary>
    public long InputBytes { get; init; }

    /// <summary>True when one table moved down by a manifest edit alone, with no rewrite.</summary>
    public bool TrivialMove { get; init; }

    /// <summary>Tables written; 0 at begin.</summary>
    public int OutputFiles { get; init; }

    /// <summary>Bytes written; 0 at begin.</summary>
    public long OutputBytes { get; init; }

    /// <summary>How long the compaction took; zero at begin.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>At end: true when it failed or was cancelled by closing, and its result was discarded.</summary>
    public bool Aborted { get; init; }
}
