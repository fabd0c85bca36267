using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite.Gateway;

public sealed partial class SqliteSyncLogStore
{
    /// <inheritdoc/>
    public ValueTask<StorePullResult> PullAsync(
        string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync(write: false, _ => Pull(workspaceId, cursor, limit, tables), cancellationToken);
    }

    private StorePullResult Pull(string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables)
    {
        string[] filter = tables?.ToArray() ?? [];
        StringBuilder sql = new(
            "SELECT server_version, table_name, pk, op, payload_json, clock, hlc, device_id, op_id FROM change_log WHERE workspace_id = $p0 AND server_version > $p1");
        if (tables is not null)
        {
            sql.Append(" AND table_name IN (").AppendJoin(", ", filter.Select((_, i) => "$p" + (i + 3))).Append(')');
        }

        sql.Append(" ORDER BY server_version LIMIT $p2");
        object?[] parameters = [workspaceId, cursor, limit + 1, .. filter];
        List<SyncChange> changes = new(Math.Min(limit, 1024));
        bool hasMore = false;
        using (SqliteCommand command = Command(null, sql.ToString(), parameters))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (changes.Count == limit)
                {
                    hasMore = true;
                    break;
                }

                changes.Add(new SyncChange(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3) == "put" ? SyncOp.Put : SyncOp.Delete,
                    reader.IsDBNull(4) ? null : (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(reader.GetString(4)),
                    new ChangeStamp(reader.GetString(7), reader.GetString(8), reader.GetString(6), reader.GetInt64(5))));
            }
        }

        return new StorePullResult(changes, hasMore, OldestRetained(null, workspaceId), Counter(null, workspaceId));
    }

    /// <inheritdoc/>
    public ValueTask<CursorUpdateOutcome> UpdateCursorAsync(
        string workspaceId, string deviceId, string userId, long version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        long nowMs = now.ToUnixTimeMilliseconds();
        return RunAsync(write: true, transaction => UpdateCursor(transaction!, workspaceId, deviceId, userId, version, nowMs), cancellationToken);
    }

    private CursorUpdateOutcome UpdateCursor(SqliteTransaction transaction, string workspaceId, string deviceId, string userId, long version, long now)
    {
        if (version > Counter(transaction, workspaceId))
        {
            return CursorUpdateOutcome.BeyondCounter;
        }

        using (SqliteCommand command = Command(
            transaction, "SELECT owner_user_id, last_seen_version FROM device_cursors WHERE workspace_id = $p0 AND device_id = $p1", workspaceId, deviceId))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                if (reader.GetString(0) != userId)
                {
                    return CursorUpdateOutcome.OtherOwner;
                }

                if (version < reader.GetInt64(1))
                {
                    return CursorUpdateOutcome.Regression;
                }
            }
        }

        NonQuery(
            transaction,
            """
            INSERT INTO device_cursors (workspace_id, device_id, owner_user_id, last_seen_version, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4)
            ON CONFLICT (workspace_id, device_id) DO UPDATE SET last_seen_version = excluded.last_seen_version, updated_at = excluded.updated_at
            """,
            workspaceId, deviceId, userId, version, now);
        return CursorUpdateOutcome.Updated;
    }
}
