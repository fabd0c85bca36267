using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresSyncLogStore
{
    /// <summary>The most tombstones one GC statement deletes, so a large backlog never holds locks for long.</summary>
    internal const int TombstoneGcChunk = 1000;

    // The lowest cursor left after expiry, or "no bound" when none is left: entries at or below it have been pulled by
    // every remaining device.
    private const string MinCursorSql = "COALESCE((SELECT min(last_seen_version) FROM device_cursors WHERE ws = $1), 9223372036854775807)";

    private const string RetentionSql = "SELECT (SELECT min(server_version) FROM change_log WHERE ws = $1), (SELECT server_version FROM ws_counters WHERE ws = $1)";

    /// <inheritdoc/>
    public async ValueTask<GcResult> GcChangeLogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();

        // One batch is one implicit transaction: the cursors expire and the log shrinks together or not at all.
        // Change-log times grow with versions, so what the second statement deletes is a prefix of the log.
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command("DELETE FROM device_cursors WHERE ws = $1 AND updated_at < $2", workspaceId, cutoffMs));
            // The op ids go with their entries, as the embedded store does: a collected op id no longer replays.
            batch.BatchCommands.Add(Command(
                $"""
                WITH gone AS (
                  DELETE FROM change_log WHERE ws = $1 AND created_at < $2 AND server_version <= {MinCursorSql} RETURNING op_id),
                unindexed AS (DELETE FROM op_index o USING gone WHERE o.op_id = gone.op_id AND o.ws = $1)
                SELECT count(*) FROM gone
                """,
                workspaceId, cutoffMs));
            batch.BatchCommands.Add(Command(RetentionSql, workspaceId));
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                long deleted = reader.GetInt64(0);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                long oldest = await ReadRetentionAsync(reader, cancellationToken).ConfigureAwait(false);
                await reader.CloseAsync().ConfigureAwait(false);
                return new GcResult(batch.BatchCommands[0].RecordsAffected, deleted, oldest);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<GcResult> GcTombstonesAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        int expired;
        long bound;
        NpgsqlBatch expiry = _dataSource.CreateBatch();
        await using (expiry.ConfigureAwait(false))
        {
            expiry.BatchCommands.Add(Command("DELETE FROM device_cursors WHERE ws = $1 AND updated_at < $2", workspaceId, cutoffMs));
            expiry.BatchCommands.Add(Command($"SELECT {MinCursorSql}", workspaceId));
            bound = (long)(await expiry.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            expired = expiry.BatchCommands[0].RecordsAffected;
        }

        // Chunks in version order; each is its own transaction and removes only tombstones the rule allows, so a
        // failure between chunks leaves nothing the next run would not delete anyway.
        long deleted = 0;
        while (true)
        {
            NpgsqlBatch chunk = _dataSource.CreateBatch();
            await using (chunk.ConfigureAwait(false))
            {
                chunk.BatchCommands.Add(Command(
                    """
                    DELETE FROM tombstones t USING (
                      SELECT table_name, pk FROM tombstones WHERE ws = $1 AND created_at < $2 AND server_version <= $3
                      ORDER BY server_version LIMIT $4) d
                    WHERE t.ws = $1 AND t.table_name = d.table_name AND t.pk = d.pk
                    """,
                    workspaceId, cutoffMs, bound, TombstoneGcChunk));
                int count = await chunk.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                deleted += count;
                if (count < TombstoneGcChunk)
                {
                    break;
                }
            }
        }

        NpgsqlBatch retention = _dataSource.CreateBatch();
        await using (retention.ConfigureAwait(false))
        {
            retention.BatchCommands.Add(Command(RetentionSql, workspaceId));
            NpgsqlDataReader reader = await retention.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return new GcResult(expired, deleted, await ReadRetentionAsync(reader, cancellationToken).ConfigureAwait(false));
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> CountGcBacklogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            // The cursors GC would leave: those updated at or after the cutoff.
            batch.BatchCommands.Add(Command(
                """
                SELECT count(*) FROM change_log WHERE ws = $1 AND created_at < $2 AND server_version <=
                  COALESCE((SELECT min(last_seen_version) FROM device_cursors WHERE ws = $1 AND updated_at >= $2), 9223372036854775807)
                """,
                workspaceId, cutoff.ToUnixTimeMilliseconds()));
            return (long)(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    // Reads a (oldest, counter) row: the oldest retained version, or counter + 1 for an empty log.
    private static async ValueTask<long> ReadRetentionAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.IsDBNull(0) ? (reader.IsDBNull(1) ? 0 : reader.GetInt64(1)) + 1 : reader.GetInt64(0);
    }
}
