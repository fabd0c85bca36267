using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.Gateway.Storage;

/// <summary>
/// What a gateway needs of its storage: the change log, materialized records, tombstones, device cursors and snapshot
/// captures of every workspace. Two implementations: embedded on our engine (the default) and on PostgreSQL. The
/// gateway checks callers and arguments; a store applies each call atomically (spec sync-gateway.md 5.4) and is safe
/// under concurrent calls, including (PostgreSQL) from several processes.
/// </summary>
public interface ISyncLogStore : IAsyncDisposable
{
    /// <summary>
    /// Applies prepared ops (one per op id) as one atomic write: replays and conflicts first (no version), then one
    /// contiguous block of versions from the workspace's counter for the new ops in order, each logged, and applied to
    /// its record by <see cref="LastWriterWins"/>; a winning delete writes the tombstone in the same write.
    /// </summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="ops">The ops, in the batch's order.</param>
    /// <param name="now">The server time of the push.</param>
    /// <param name="cancellationToken">Cancels before the write.</param>
    /// <returns>One outcome per op, in order, and the counter afterwards.</returns>
    ValueTask<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="limit"/> changes with a version above <paramref name="cursor"/>, in order, of the given tables (null for all).</summary>
    ValueTask<StorePullResult> PullAsync(
        string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables, CancellationToken cancellationToken = default);

    /// <summary>Creates, moves forward or keeps a device's cursor, atomically against the counter and the stored cursor.</summary>
    ValueTask<CursorUpdateOutcome> UpdateCursorAsync(
        string workspaceId, string deviceId, string userId, long version, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes cursors last updated before <paramref name="cutoff"/>, then change-log entries created before it and at
    /// or below the lowest remaining cursor (all of them before it when none remains); never leaves a hole.
    /// </summary>
    ValueTask<GcResult> GcChangeLogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>The same rule as <see cref="GcChangeLogAsync"/> for tombstones (their version and creation time).</summary>
    ValueTask<GcResult> GcTombstonesAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Change-log entries GC would delete at <paramref name="cutoff"/> (the maintenance backlog).</summary>
    ValueTask<long> CountGcBacklogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Captures the workspace's records (live rows, deleted rows, orphan tombstones) and counter at one point.</summary>
    ValueTask<SnapshotCapture> CaptureSnapshotAsync(
        string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>A capture by id, or null when unknown (never captured, dropped, or forgotten by a restart).</summary>
    ValueTask<SnapshotCapture?> FindSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> items of a capture after <paramref name="after"/> (null: from the start), in item order.</summary>
    ValueTask<IReadOnlyList<SnapshotItem>> ReadSnapshotAsync(
        SnapshotCapture snapshot, SnapshotPosition? after, int count, CancellationToken cancellationToken = default);

    /// <summary>Forgets a capture and releases what it holds; unknown ids are ignored.</summary>
    ValueTask DropSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default);
}
