using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite.Gateway;

public sealed partial class SqliteSyncLogStore
{
    /// <inheritdoc/>
    public ValueTask<SnapshotCapture> CaptureSnapshotAsync(
        string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        return RunAsync(write: true, transaction => Capture(transaction!, workspaceId, tables, now, expiresAt), cancellationToken);
    }

    private SnapshotCapture Capture(SqliteTransaction transaction, string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        // The reference copies the records into an item table: pages are later requests, which no read transaction spans.
        NonQuery(transaction, "DELETE FROM sync_snapshot_items WHERE snapshot_id IN (SELECT id FROM sync_snapshots WHERE expires_at <= $p0)", now.ToUnixTimeMilliseconds());
        NonQuery(transaction, "DELETE FROM sync_snapshots WHERE expires_at <= $p0", now.ToUnixTimeMilliseconds());
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        long watermark = Counter(transaction, workspaceId);
        foreach (string table in _tables.Where(t => tables is null || tables.Contains(t)))
        {
            string rows = Table(table);
            NonQuery(
                transaction,
                $"""
                INSERT INTO sync_snapshot_items (snapshot_id, table_name, pk, kind, payload_json, clock, hlc, op_id, server_deleted_at)
                SELECT $p0, $p1, r.id, r.deleted, CASE WHEN r.deleted = 0 THEN r.data_json END, r.clock, r.hlc, r.op_id,
                       COALESCE(t.deleted_at, r.updated_at)
                FROM {rows} r LEFT JOIN tombstones t ON t.workspace_id = r.workspace_id AND t.table_name = $p1 AND t.pk = r.id
                WHERE r.workspace_id = $p2;
                INSERT INTO sync_snapshot_items (snapshot_id, table_name, pk, kind, payload_json, clock, hlc, op_id, server_deleted_at)
                SELECT $p0, $p1, t.pk, 1, NULL, t.clock, t.hlc, t.op_id, t.deleted_at
                FROM tombstones t
                WHERE t.workspace_id = $p2 AND t.table_name = $p1
                  AND NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.workspace_id = t.workspace_id AND r.id = t.pk);
                """,
                id, table, workspaceId);
        }

        string? filter = tables is null ? null : JsonSerializer.Serialize(tables.Order(StringComparer.Ordinal).ToArray());
        NonQuery(
            transaction,
            "INSERT INTO sync_snapshots (id, workspace_id, high_watermark, tables, expires_at) VALUES ($p0, $p1, $p2, $p3, $p4)",
            id, workspaceId, watermark, filter, expiresAt.ToUnixTimeMilliseconds());
        return new SnapshotCapture(id, workspaceId, watermark, tables, expiresAt);
    }

    /// <inheritdoc/>
    public ValueTask<SnapshotCapture?> FindSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return RunAsync(write: false, _ =>
        {
            // An expired capture is as good as gone; the next capture deletes it.
            using SqliteCommand command = Command(
                null, "SELECT workspace_id, high_watermark, tables, expires_at FROM sync_snapshots WHERE id = $p0 AND expires_at > $p1", snapshotId, now);
            using SqliteDataReader reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            HashSet<string>? tables = reader.IsDBNull(2)
                ? null
                : new HashSet<string>(JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [], StringComparer.Ordinal);
            return new SnapshotCapture(snapshotId, reader.GetString(0), reader.GetInt64(1), tables, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SnapshotItem>> ReadSnapshotAsync(
        SnapshotCapture snapshot, SnapshotPosition? after, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return RunAsync<IReadOnlyList<SnapshotItem>>(write: false, _ =>
        {
            SnapshotPosition start = after ?? new SnapshotPosition("", "", false);
            using SqliteCommand command = Command(
                null,
                """
                SELECT table_name, pk, kind, payload_json, clock, hlc, op_id, server_deleted_at FROM sync_snapshot_items
                WHERE snapshot_id = $p0 AND (table_name, pk, kind) > ($p1, $p2, $p3)
                ORDER BY table_name, pk, kind LIMIT $p4
                """,
                snapshot.SnapshotId, start.TableName, start.Pk, after is null ? -1 : start.IsTombstone ? 1 : 0, count);
            using SqliteDataReader reader = command.ExecuteReader();
            List<SnapshotItem> items = new(count);
            while (reader.Read())
            {
                Revision revision = new(reader.GetInt64(4), reader.GetString(5), reader.GetString(6));
                items.Add(reader.GetInt64(2) == 0
                    ? new SnapshotRow(reader.GetString(0), reader.GetString(1), revision, Encoding.UTF8.GetBytes(reader.GetString(3)))
                    : new SnapshotTombstone(reader.GetString(0), reader.GetString(1), revision, reader.GetInt64(7)));
            }

            return items;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DropSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        return new ValueTask(RunAsync(write: true, transaction =>
        {
            NonQuery(transaction, "DELETE FROM sync_snapshot_items WHERE snapshot_id = $p0", snapshotId);
            return NonQuery(transaction, "DELETE FROM sync_snapshots WHERE id = $p0", snapshotId);
        }, cancellationToken).AsTask());
    }
}
