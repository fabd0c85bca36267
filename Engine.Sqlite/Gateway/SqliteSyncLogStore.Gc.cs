using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite.Gateway;

public sealed partial class SqliteSyncLogStore
{
    /// <summary>Tombstones deleted per statement, as the reference bounds its GC batches.</summary>
    private const int TombstoneChunk = 1000;

    /// <inheritdoc/>
    public ValueTask<GcResult> GcChangeLogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        return RunAsync(write: true, transaction =>
        {
            int expired = ExpireCursors(transaction!, workspaceId, cutoffMs);
            long deleted = NonQuery(
                transaction,
                "DELETE FROM change_log WHERE workspace_id = $p0 AND created_at < $p1 AND server_version <= $p2",
                workspaceId, cutoffMs, MinCursor(transaction, workspaceId));
            return new GcResult(expired, deleted, OldestRetained(transaction, workspaceId));
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<GcResult> GcTombstonesAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        return RunAsync(write: true, transaction =>
        {
            int expired = ExpireCursors(transaction!, workspaceId, cutoffMs);
            long bound = MinCursor(transaction, workspaceId);
            long deleted = 0;
            int chunk;
            do
            {
                chunk = NonQuery(
                    transaction,
                    """
                    DELETE FROM tombstones WHERE rowid IN (
                        SELECT rowid FROM tombstones WHERE workspace_id = $p0 AND created_at < $p1 AND server_version <= $p2 LIMIT $p3)
                    """,
                    workspaceId, cutoffMs, bound, TombstoneChunk);
                deleted += chunk;
            }
            while (chunk == TombstoneChunk);

            return new GcResult(expired, deleted, OldestRetained(transaction, workspaceId));
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> CountGcBacklogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        return RunAsync(write: false, _ =>
        {
            long bound = Scalar(
                null,
                "SELECT COALESCE(MIN(last_seen_version), 9223372036854775807) FROM device_cursors WHERE workspace_id = $p0 AND updated_at >= $p1",
                workspaceId, cutoffMs);
            return Scalar(
                null, "SELECT COUNT(*) FROM change_log WHERE workspace_id = $p0 AND created_at < $p1 AND server_version <= $p2", workspaceId, cutoffMs, bound);
        }, cancellationToken);
    }

    private int ExpireCursors(SqliteTransaction transaction, string workspaceId, long cutoff) =>
        NonQuery(transaction, "DELETE FROM device_cursors WHERE workspace_id = $p0 AND updated_at < $p1", workspaceId, cutoff);

    /// <summary>The lowest remaining cursor, or no bound when none remains.</summary>
    private long MinCursor(SqliteTransaction? transaction, string workspaceId) =>
        Scalar(transaction, "SELECT COALESCE(MIN(last_seen_version), 9223372036854775807) FROM device_cursors WHERE workspace_id = $p0", workspaceId);
}
