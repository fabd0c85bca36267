using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresSyncLogStore
{
    /// <inheritdoc/>
    public async ValueTask<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        ArgumentNullException.ThrowIfNull(ops);
        HashSet<string> opIds = new(StringComparer.Ordinal);
        foreach (PreparedOp op in ops)
        {
            ArgumentNullException.ThrowIfNull(op);
            if (!opIds.Add(op.OpId))
            {
                throw new ArgumentException($"Op id '{op.OpId}' appears twice; the gateway groups a batch by op id first.", nameof(ops));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (ops.Count == 0)
        {
            return ([], await ReadCounterAsync(workspaceId, cancellationToken).ConfigureAwait(false));
        }

        return await PostgresRetry.RunAsync(
            ct => PushOnceAsync(workspaceId, ops, now.ToUnixTimeMilliseconds(), ct), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<long> ReadCounterAsync(string workspaceId, CancellationToken cancellationToken)
    {
        NpgsqlCommand command = _dataSource.CreateCommand("SELECT server_version FROM ws_counters WHERE ws = $1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
            object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is long counter ? counter : 0;
        }
    }

    // One transaction, three round trips: lock the counter and read what the ops touch; write everything; commit.
    private async ValueTask<(IReadOnlyList<PreparedOpOutcome>, long)> PushOnceAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, long nowMs, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                PushState state = await ReadPushStateAsync(connection, transaction, workspaceId, ops, cancellationToken).ConfigureAwait(false);
                PushPlan plan = PushPlan.Build(workspaceId, ops, state, nowMs);
                if (plan.NewOps > 0)
                {
                    NpgsqlBatch writes = plan.CreateWriteBatch(connection, transaction);
                    await using (writes.ConfigureAwait(false))
                    {
                        await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (plan.Outcomes, plan.Counter);
            }
        }
    }

    // Creates the counter row on first use and locks it: pushes to one workspace serialize here across processes, and
    // the reads after the lock see every earlier push of the workspace committed.
    private static async ValueTask<PushState> ReadPushStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string workspaceId, IReadOnlyList<PreparedOp> ops, CancellationToken cancellationToken)
    {
        string[] opIds = new string[ops.Count];
        string[] tables = new string[ops.Count];
        string[] pks = new string[ops.Count];
        for (int i = 0; i < ops.Count; i++)
        {
            opIds[i] = ops[i].OpId;
            tables[i] = ops[i].TableName;
            pks[i] = ops[i].Pk;
        }

        NpgsqlBatch batch = new(connection, transaction)
        {
            BatchCommands =
            {
                Command("INSERT INTO ws_counters (ws, server_version, last_commit_at) VALUES ($1, 0, 0) ON CONFLICT (ws) DO NOTHING", workspaceId),
                Command("SELECT server_version, last_commit_at FROM ws_counters WHERE ws = $1 FOR UPDATE", workspaceId),
                Command("SELECT op_id, ws, server_version, fingerprint FROM op_index WHERE op_id = ANY($1)", (object)opIds),
                Command(
                    """
                    SELECT r.table_name, r.pk, r.payload, r.clock, r.hlc, r.op_id, r.device_id, r.deleted, r.created_at, r.updated_at
                    FROM materialized_rows r JOIN (SELECT DISTINCT * FROM unnest($2::text[], $3::text[])) AS k(table_name, pk)
                      ON r.table_name = k.table_name AND r.pk = k.pk
                    WHERE r.ws = $1
                    """,
                    workspaceId, tables, pks),
                Command(
                    """
                    SELECT t.table_name, t.pk, t.clock, t.hlc, t.op_id, t.server_version, t.server_deleted_at, t.created_at
                    FROM tombstones t JOIN (SELECT DISTINCT * FROM unnest($2::text[], $3::text[])) AS k(table_name, pk)
                      ON t.table_name = k.table_name AND t.pk = k.pk
                    WHERE t.ws = $1
                    """,
                    workspaceId, tables, pks),
            },
        };
        PushState state = new();
        await using (batch.ConfigureAwait(false))
        {
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                state.Counter = reader.GetInt64(0);
                state.LastCommitAt = reader.GetInt64(1);

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    state.Logged[reader.GetString(0)] = new LoggedOp(reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    Revision revision = new(reader.GetInt64(3), reader.GetString(4), reader.GetString(5));
                    state.Rows[(reader.GetString(0), reader.GetString(1))] = new MaterializedRecord(
                        reader.GetFieldValue<byte[]>(2), revision, reader.GetString(6), reader.GetBoolean(7), reader.GetInt64(8), reader.GetInt64(9));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    Revision revision = new(reader.GetInt64(2), reader.GetString(3), reader.GetString(4));
                    state.Tombstones[(reader.GetString(0), reader.GetString(1))] = new TombstoneRecord(
                        revision, reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
                }
            }
        }

        return state;
    }
}
