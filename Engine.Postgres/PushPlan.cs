using System;
using System.Collections.Generic;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

/// <summary>
/// A push decided in memory: replays and conflicts against <c>op_index</c>, then versions for the new ops in order,
/// each decided by <see cref="LastWriterWins"/> against the record's state so far (an earlier op of the batch may
/// have changed it), and the rows the write batch inserts.
/// </summary>
internal sealed class PushPlan
{
    private readonly string _workspaceId;
    private readonly List<PreparedOp> _logged = [];
    private readonly Dictionary<(string Table, string Pk), MaterializedRecord> _rows = [];
    private readonly Dictionary<(string Table, string Pk), TombstoneRecord> _tombstones = [];
    private long _createdAt;

    private PushPlan(string workspaceId, int count)
    {
        _workspaceId = workspaceId;
        Outcomes = new PreparedOpOutcome[count];
    }

    /// <summary>One outcome per op, in order.</summary>
    public PreparedOpOutcome[] Outcomes { get; }

    /// <summary>The counter after the push.</summary>
    public long Counter { get; private set; }

    /// <summary>How many ops take a version.</summary>
    public int NewOps => _logged.Count;

    private long FirstVersion => Counter - _logged.Count + 1;

    /// <summary>Decides every op of a push against the state read under the counter lock.</summary>
    public static PushPlan Build(string workspaceId, IReadOnlyList<PreparedOp> ops, PushState state, long nowMs)
    {
        PushPlan plan = new(workspaceId, ops.Count)
        {
            Counter = state.Counter,

            // Change-log times never go backwards within a workspace, so the entries GC may delete (older than a
            // cutoff and at or below a version) are always a prefix of the log.
            _createdAt = Math.Max(nowMs, state.LastCommitAt),
        };
        for (int i = 0; i < ops.Count; i++)
        {
            PreparedOp op = ops[i];
            if (!state.Logged.TryGetValue(op.OpId, out LoggedOp? logged))
            {
                plan.Outcomes[i] = plan.Apply(op, state, nowMs);
            }
            else if (!string.Equals(logged.WorkspaceId, workspaceId, StringComparison.Ordinal) || !op.Fingerprint.Span.SequenceEqual(logged.Fingerprint))
            {
                plan.Outcomes[i] = new PreparedOpOutcome(PreparedOpStatus.Conflict, 0, false, false, null);
            }
        }

        // A replay reports whether its op is the record's winner after this push, as the embedded store does.
        for (int i = 0; i < ops.Count; i++)
        {
            PreparedOp op = ops[i];
            if (plan.Outcomes[i] is null)
            {
                (MaterializedRecord? row, TombstoneRecord? tombstone) = plan.Current((op.TableName, op.Pk), state);
                string? winner = row?.Revision.OpId ?? tombstone?.Revision.OpId;
                plan.Outcomes[i] = new PreparedOpOutcome(
                    PreparedOpStatus.Replayed, state.Logged[op.OpId].ServerVersion, string.Equals(winner, op.OpId, StringComparison.Ordinal), true, null);
            }
        }

        return plan;
    }

    // The record's state after the ops decided so far: this push's writes over what was stored.
    private (MaterializedRecord? Row, TombstoneRecord? Tombstone) Current((string, string) key, PushState state) =>
        (_rows.TryGetValue(key, out MaterializedRecord? row) ? row : state.Rows.GetValueOrDefault(key),
         _tombstones.TryGetValue(key, out TombstoneRecord? tombstone) ? tombstone : state.Tombstones.GetValueOrDefault(key));

    private PreparedOpOutcome Apply(PreparedOp op, PushState state, long nowMs)
    {
        long version = ++Counter;
        _logged.Add(op);
        (string, string) key = (op.TableName, op.Pk);
        (MaterializedRecord? row, TombstoneRecord? tombstone) = Current(key, state);
        LwwDecision decision = LastWriterWins.Decide(op, row, tombstone);
        if (!decision.Wins)
        {
            return new PreparedOpOutcome(PreparedOpStatus.Lost, version, false, decision.WasExisting, decision.Winner);
        }

        bool deleted = op.Operation == SyncOp.Delete;
        ReadOnlyMemory<byte> payload = deleted ? ReadOnlyMemory<byte>.Empty : op.PayloadJson ?? ReadOnlyMemory<byte>.Empty;
        _rows[key] = new MaterializedRecord(payload, op.Revision, op.Stamp.DeviceId, deleted, row?.CreatedAt ?? nowMs, nowMs);
        if (deleted)
        {
            _tombstones[key] = new TombstoneRecord(op.Revision, version, nowMs, tombstone?.CreatedAt ?? nowMs);
        }

        return new PreparedOpOutcome(PreparedOpStatus.Applied, version, true, decision.WasExisting, null);
    }

    /// <summary>The writes: op ids (in op-id order, so two racing pushes lock index entries in one order), log entries, records, tombstones, counter.</summary>
    public NpgsqlBatch CreateWriteBatch(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        int n = _logged.Count;
        string[] opIds = new string[n], tables = new string[n], pks = new string[n], hlcs = new string[n], devices = new string[n];
        long[] versions = new long[n], clocks = new long[n];
        short[] kinds = new short[n];
        byte[]?[] payloads = new byte[]?[n];
        byte[]?[] fingerprints = new byte[]?[n];
        for (int i = 0; i < n; i++)
        {
            PreparedOp op = _logged[i];
            opIds[i] = op.OpId;
            versions[i] = FirstVersion + i;
            fingerprints[i] = op.Fingerprint.ToArray();
            tables[i] = op.TableName;
            pks[i] = op.Pk;
            kinds[i] = (short)op.Operation;
            payloads[i] = op.PayloadJson?.ToArray();
            clocks[i] = op.Stamp.Clock;
            hlcs[i] = op.Stamp.Hlc;
            devices[i] = op.Stamp.DeviceId;
        }

        NpgsqlBatch batch = new(connection, transaction)
        {
            BatchCommands =
            {
                Command(
                    """
                    INSERT INTO op_index (op_id, ws, server_version, fingerprint)
                    SELECT o, $1, v, f FROM unnest($2::text[], $3::bigint[], $4::bytea[]) AS u(o, v, f) ORDER BY o
                    """,
                    _workspaceId, opIds, versions, ByteaArray(fingerprints)),
                Command(
                    """
                    INSERT INTO change_log (ws, server_version, table_name, pk, op, payload, clock, hlc, device_id, op_id, created_at)
                    SELECT $1, u.*, $11 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::smallint[], $6::bytea[], $7::bigint[], $8::text[], $9::text[], $10::text[]) AS u
                    """,
                    _workspaceId, versions, tables, pks, kinds, ByteaArray(payloads), clocks, hlcs, devices, opIds, _createdAt),
                Command("UPDATE ws_counters SET server_version = $2, last_commit_at = $3 WHERE ws = $1", _workspaceId, Counter, _createdAt),
            },
        };
        if (_rows.Count > 0)
        {
            batch.BatchCommands.Add(RowUpserts());
        }

        if (_tombstones.Count > 0)
        {
            batch.BatchCommands.Add(TombstoneUpserts());
        }

        return batch;
    }

    private NpgsqlBatchCommand RowUpserts()
    {
        int n = _rows.Count, i = 0;
        string[] tables = new string[n], pks = new string[n], hlcs = new string[n], opIds = new string[n], devices = new string[n];
        byte[]?[] payloads = new byte[]?[n];
        long[] clocks = new long[n], createdAts = new long[n], updatedAts = new long[n];
        bool[] deleted = new bool[n];
        foreach (((string table, string pk), MaterializedRecord row) in _rows)
        {
            tables[i] = table;
            pks[i] = pk;
            payloads[i] = row.PayloadJson.ToArray();
            clocks[i] = row.Revision.Clock;
            hlcs[i] = row.Revision.Hlc;
            opIds[i] = row.Revision.OpId;
            devices[i] = row.DeviceId;
            deleted[i] = row.Deleted;
            createdAts[i] = row.CreatedAt;
            updatedAts[i] = row.UpdatedAt;
            i++;
        }

        return Command(
            """
            INSERT INTO materialized_rows (ws, table_name, pk, payload, clock, hlc, op_id, device_id, deleted, created_at, updated_at)
            SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::bytea[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::bigint[], $11::bigint[]) AS u
            ON CONFLICT (ws, table_name, pk) DO UPDATE SET payload = EXCLUDED.payload, clock = EXCLUDED.clock, hlc = EXCLUDED.hlc,
              op_id = EXCLUDED.op_id, device_id = EXCLUDED.device_id, deleted = EXCLUDED.deleted, updated_at = EXCLUDED.updated_at
            """,
            _workspaceId, tables, pks, ByteaArray(payloads), clocks, hlcs, opIds, devices, deleted, createdAts, updatedAts);
    }

    private NpgsqlBatchCommand TombstoneUpserts()
    {
        int n = _tombstones.Count, i = 0;
        string[] tables = new string[n], pks = new string[n], hlcs = new string[n], opIds = new string[n];
        long[] clocks = new long[n], versions = new long[n], deletedAts = new long[n], createdAts = new long[n];
        foreach (((string table, string pk), TombstoneRecord tombstone) in _tombstones)
        {
            tables[i] = table;
            pks[i] = pk;
            clocks[i] = tombstone.Revision.Clock;
            hlcs[i] = tombstone.Revision.Hlc;
            opIds[i] = tombstone.Revision.OpId;
            versions[i] = tombstone.ServerVersion;
            deletedAts[i] = tombstone.ServerDeletedAt;
            createdAts[i] = tombstone.CreatedAt;
            i++;
        }

        return Command(
            """
            INSERT INTO tombstones (ws, table_name, pk, clock, hlc, op_id, server_version, server_deleted_at, created_at)
            SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[]) AS u
            ON CONFLICT (ws, table_name, pk) DO UPDATE SET clock = EXCLUDED.clock, hlc = EXCLUDED.hlc, op_id = EXCLUDED.op_id,
              server_version = EXCLUDED.server_version, server_deleted_at = EXCLUDED.server_deleted_at
            """,
            _workspaceId, tables, pks, clocks, hlcs, opIds, versions, deletedAts, createdAts);
    }
}
