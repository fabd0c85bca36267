using System;
using C1.Reader.V2;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The shapes a stored <see cref="SyncRunRecord"/> takes at the API edge: the readers' <see cref="SyncRun"/> and the
/// tooling's <see cref="SyncRunInfo"/>, and back.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SyncRunViews
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>The readers' view of a run: no linked sync, diff flag or verification; <paramref name="stats"/> when given.</summary>
    public static SyncRun ToSyncRun(SyncRunRecord run, SyncStats? stats) => new()
    {
        Id = run.SyncId,
        StartedAt = ToTimestamp(run.StartedAtUnixNanos),
        EndedAt = run.EndedAtUnixNanos is long ended ? ToTimestamp(ended) : null,
        SyncToken = run.SyncToken,
        SyncType = run.SyncType,
        ParentSyncId = run.ParentSyncId,
        Stats = stats,
    };

    /// <summary>Everything about a run; the verification only when one is recorded.</summary>
    public static SyncRunInfo ToInfo(SyncRunRecord run, SyncStats? stats) => new()
    {
        Id = run.SyncId,
        StartedAt = SyncStore.FromUnixNanos(run.StartedAtUnixNanos),
        EndedAt = run.EndedAtUnixNanos is long ended ? SyncStore.FromUnixNanos(ended) : null,
        SyncToken = run.SyncToken,
        Type = run.SyncType,
        ParentSyncId = run.ParentSyncId,
        LinkedSyncId = run.LinkedSyncId,
        SupportsDiff = run.SupportsDiff,
        Stats = stats,
        IngestInvariantVerification = run.IngestInvariantGeneration.Length == 0 && run.IngestInvariantCoverage.Count == 0 && run.IngestInvariantMode.Length == 0
            ? null
            : new IngestInvariantVerification(run.IngestInvariantGeneration, [.. run.IngestInvariantCoverage], run.IngestInvariantMode),
    };

    /// <summary>
    /// The record that stores <paramref name="info"/> as the <paramref name="sequence"/>-th sync created (a run copied
    /// from another store); a missing start is the epoch, and stats are stored as their deterministic bytes.
    /// </summary>
    public static SyncRunRecord ToRecord(SyncRunInfo info, long sequence)
    {
        ArgumentNullException.ThrowIfNull(info);
        IngestInvariantVerification? verification = info.IngestInvariantVerification;
        return new SyncRunRecord
        {
            SyncId = info.Id,
            Sequence = sequence,
            StartedAtUnixNanos = info.StartedAt is DateTimeOffset started ? SyncStore.ToUnixNanos(started) : 0,
            EndedAtUnixNanos = info.EndedAt is DateTimeOffset ended ? SyncStore.ToUnixNanos(ended) : null,
            SyncToken = info.SyncToken,
            SyncType = info.Type,
            ParentSyncId = info.ParentSyncId,
            LinkedSyncId = info.LinkedSyncId,
            SupportsDiff = info.SupportsDiff,
            Stats = info.Stats is null ? null : SyncStatsCounter.Serialize(info.Stats),
            IngestInvariantGeneration = verification?.Generation ?? "",
            IngestInvariantCoverage = verification is null ? [] : [.. verification.Coverage],
            IngestInvariantMode = verification?.Mode ?? "",
        };
    }

    /// <summary>The transfer shape of a stored run: every field as stored, <paramref name="stats"/> as cached.</summary>
    public static TransferRun ToTransfer(SyncRunRecord run, SyncStats? stats) => new()
    {
        SyncId = run.SyncId,
        StartedAtUnixNanos = run.StartedAtUnixNanos,
        EndedAtUnixNanos = run.EndedAtUnixNanos,
        SyncToken = run.SyncToken,
        SyncType = run.SyncType,
        ParentSyncId = run.ParentSyncId,
        LinkedSyncId = run.LinkedSyncId,
        SupportsDiff = run.SupportsDiff,
        GrantsBackfilled = run.GrantsBackfilled,
        Stats = stats,
        IngestInvariantGeneration = run.IngestInvariantGeneration,
        IngestInvariantCoverage = [.. run.IngestInvariantCoverage],
        IngestInvariantMode = run.IngestInvariantMode,
    };

    /// <summary>The record that stores <paramref name="run"/> as given (its sequence is the caller's to set); stats as their deterministic bytes.</summary>
    public static SyncRunRecord FromTransfer(TransferRun run) => new()
    {
        SyncId = run.SyncId,
        StartedAtUnixNanos = run.StartedAtUnixNanos,
        EndedAtUnixNanos = run.EndedAtUnixNanos,
        SyncToken = run.SyncToken,
        SyncType = run.SyncType,
        ParentSyncId = run.ParentSyncId,
        LinkedSyncId = run.LinkedSyncId,
        SupportsDiff = run.SupportsDiff,
        GrantsBackfilled = run.GrantsBackfilled,
        Stats = run.Stats is null ? null : SyncStatsCounter.Serialize(run.Stats),
        IngestInvariantGeneration = run.IngestInvariantGeneration,
        IngestInvariantCoverage = [.. run.IngestInvariantCoverage],
        IngestInvariantMode = run.IngestInvariantMode,
    };

    /// <summary>An instant in nanoseconds since the epoch as a Timestamp, without the 100 ns rounding of DateTimeOffset.</summary>
    private static Timestamp ToTimestamp(long unixNanos) => new()
    {
        Seconds = Math.DivRem(unixNanos, NanosPerSecond, out long nanos) - (nanos < 0 ? 1 : 0),
        Nanos = (int)(nanos < 0 ? nanos + NanosPerSecond : nanos),
    };
}
