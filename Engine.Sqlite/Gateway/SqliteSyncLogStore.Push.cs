using System;
using System.Collections.Generic;
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
    public ValueTask<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentNullException.ThrowIfNull(ops);
        long nowMs = now.ToUnixTimeMilliseconds();
        return RunAsync<(IReadOnlyList<PreparedOpOutcome>, long)>(write: true, transaction => Push(transaction!, workspaceId, ops, nowMs), cancellationToken);
    }

    private (IReadOnlyList<PreparedOpOutcome>, long) Push(SqliteTransaction transaction, string workspaceId, IReadOnlyList<PreparedOp> ops, long now)
    {
        PreparedOpOutcome?[] outcomes = new PreparedOpOutcome?[ops.Count];
        int fresh = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            outcomes[i] = Replay(transaction, workspaceId, ops[i]);
            fresh += outcomes[i] is null ? 1 : 0;
        }

        long counter = Counter(transaction, workspaceId);
        if (fresh > 0)
        {
            NonQuery(
                transaction,
                "INSERT INTO server_version_counter (workspace_id, value) VALUES ($p0, $p1) ON CONFLICT (workspace_id) DO UPDATE SET value = excluded.value",
                workspaceId,
                counter + fresh);
        }

        long version = counter;
        for (int i = 0; i < ops.Count; i++)
        {
            if (outcomes[i] is null)
            {
                outcomes[i] = Apply(transaction, workspaceId, ops[i], ++version, now);
            }
        }

        return (outcomes!, counter + fresh);
    }

    /// <summary>The outcome of an op id logged before (a replay or a conflict), or null for a new op.</summary>
    private PreparedOpOutcome? Replay(SqliteTransaction transaction, string workspaceId, PreparedOp op)
    {
        using SqliteCommand command = Command(transaction, "SELECT workspace_id, server_version, fingerprint FROM change_log WHERE op_id = $p0", op.OpId);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        byte[] fingerprint = (byte[])reader.GetValue(2);
        if (reader.GetString(0) != workspaceId || !op.Fingerprint.Span.SequenceEqual(fingerprint))
        {
            return new PreparedOpOutcome(PreparedOpStatus.Conflict, 0, false, false, null);
        }

        long version = reader.GetInt64(1);
        string? winner = WinningOpId(transaction, workspaceId, op.TableName, op.Pk);
        return new PreparedOpOutcome(PreparedOpStatus.Replayed, version, winner == op.OpId, true, null);
    }

    /// <summary>The op id the record's state holds: its row's, else its orphan tombstone's.</summary>
    private string? WinningOpId(SqliteTransaction transaction, string workspaceId, string table, string pk)
    {
        using SqliteCommand row = Command(transaction, $"SELECT op_id FROM {Table(table)} WHERE workspace_id = $p0 AND id = $p1", workspaceId, pk);
        if (row.ExecuteScalar() is string rowOpId)
        {
            return rowOpId;
        }

        using SqliteCommand tombstone = Command(
            transaction, "SELECT op_id FROM tombstones WHERE workspace_id = $p0 AND table_name = $p1 AND pk = $p2", workspaceId, table, pk);
        return tombstone.ExecuteScalar() as string;
    }

    private PreparedOpOutcome Apply(SqliteTransaction transaction, string workspaceId, PreparedOp op, long version, long now)
    {
        // An empty payload is no payload (never valid JSON; a null byte[] converts to an empty one).
        string? payload = op.PayloadJson is { Length: > 0 } bytes ? Encoding.UTF8.GetString(bytes.Span) : null;
        NonQuery(
            transaction,
            """
            INSERT INTO change_log (workspace_id, server_version, table_name, pk, op, payload_json, clock, hlc, device_id, op_id, fingerprint, created_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11)
            """,
            workspaceId, version, op.TableName, op.Pk, op.Operation == SyncOp.Put ? "put" : "delete", payload,
            op.Stamp.Clock, op.Stamp.Hlc, op.Stamp.DeviceId, op.OpId, op.Fingerprint.ToArray(), now);

        string table = Table(op.TableName);
        MaterializedRecord? row = ReadRow(transaction, table, workspaceId, op.Pk);
        TombstoneRecord? tombstone = ReadTombstone(transaction, workspaceId, op.TableName, op.Pk);
        LwwDecision decision = LastWriterWins.Decide(op, row, tombstone);
        if (!decision.Wins)
        {
            return new PreparedOpOutcome(PreparedOpStatus.Lost, version, false, decision.WasExisting, decision.Winner);
        }

        bool deleted = op.Operation == SyncOp.Delete;
        NonQuery(
            transaction,
            $"""
            INSERT INTO {table} (id, workspace_id, data_json, clock, hlc, device_id, op_id, deleted, created_at, updated_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p8)
            ON CONFLICT (workspace_id, id) DO UPDATE SET
                data_json = CASE WHEN excluded.deleted = 1 THEN data_json ELSE excluded.data_json END,
                clock = excluded.clock, hlc = excluded.hlc, device_id = excluded.device_id, op_id = excluded.op_id,
                deleted = excluded.deleted, updated_at = excluded.updated_at
            """,
            op.Pk, workspaceId, deleted ? "{}" : payload ?? "{}", op.Stamp.Clock, op.Stamp.Hlc, op.Stamp.DeviceId, op.OpId, deleted ? 1 : 0, now);
        if (deleted)
        {
            NonQuery(
                transaction,
                """
                INSERT INTO tombstones (workspace_id, table_name, pk, deleted_at, clock, hlc, op_id, server_version, created_at)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p3)
                ON CONFLICT (workspace_id, table_name, pk) DO UPDATE SET
                    deleted_at = excluded.deleted_at, clock = excluded.clock, hlc = excluded.hlc, op_id = excluded.op_id,
                    server_version = excluded.server_version
                """,
                workspaceId, op.TableName, op.Pk, now, op.Stamp.Clock, op.Stamp.Hlc, op.OpId, version);
        }

        return new PreparedOpOutcome(PreparedOpStatus.Applied, version, true, decision.WasExisting, null);
    }

    private MaterializedRecord? ReadRow(SqliteTransaction transaction, string table, string workspaceId, string pk)
    {
        using SqliteCommand command = Command(
            transaction,
            $"SELECT data_json, clock, hlc, op_id, device_id, deleted, created_at, updated_at FROM {table} WHERE workspace_id = $p0 AND id = $p1",
            workspaceId,
            pk);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new MaterializedRecord(
                Encoding.UTF8.GetBytes(reader.GetString(0)),
                new Revision(reader.GetInt64(1), reader.GetString(2), reader.GetString(3)),
                reader.GetString(4),
                reader.GetInt64(5) != 0,
                reader.GetInt64(6),
                reader.GetInt64(7))
            : null;
    }

    private TombstoneRecord? ReadTombstone(SqliteTransaction transaction, string workspaceId, string table, string pk)
    {
        using SqliteCommand command = Command(
            transaction,
            "SELECT clock, hlc, op_id, server_version, deleted_at, created_at FROM tombstones WHERE workspace_id = $p0 AND table_name = $p1 AND pk = $p2",
            workspaceId,
            table,
            pk);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new TombstoneRecord(new Revision(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5))
            : null;
    }
}
