using System;

namespace Engine.Api.Sync.Telemetry;

/// <summary>The figures of one sync store operation since the store opened (<see cref="SyncStoreMetrics.Operations"/>).</summary>
/// <remarks>
/// Immutable; thread-safe. A call made from inside another operation of the same store (say <c>ResumeSync</c> from
/// <c>StartOrResumeSync</c>) counts as part of the outer one only. A method that returns a lazy sequence is timed until
/// it returns the sequence; the rows it reads later count in <see cref="SyncStoreMetrics.Records"/>.
/// </remarks>
public sealed record SyncOperationMetrics
{
    /// <summary>Calls completed, failed ones included.</summary>
    public long Count { get; init; }

    /// <summary>Calls that ended with an exception.</summary>
    public long Errors { get; init; }

    /// <summary>The time of every call together.</summary>
    public TimeSpan TotalDuration { get; init; }

    /// <summary>The longest call.</summary>
    public TimeSpan MaxDuration { get; init; }

    /// <summary>The mean time of a call; zero before the first.</summary>
    public TimeSpan MeanDuration => Count == 0 ? TimeSpan.Zero : TotalDuration / Count;
}
