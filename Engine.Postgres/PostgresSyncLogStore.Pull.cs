using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Npgsql;

namespace Engine.Postgres;

public sealed partial class PostgresSyncLogStore
{
    // One statement, so the changes, the oldest retained version and the counter come from one snapshot. The lateral
    // join keeps a row (with null change columns) when no change matches.
    private const string PullSql = """
        WITH meta AS (
          SELECT (SELECT min(server_version) FROM change_log WHERE ws = $1) AS oldest,
                 (SELECT server_version FROM ws_counters WHERE ws = $1) AS counter)
        SELECT meta.oldest, meta.counter, c.server_version, c.table_name, c.pk, c.op, c.payload, c.clock, c.hlc, c.device_id, c.op_id
        FROM meta LEFT JOIN LATERAL (
          SELECT * FROM change_log
          WHERE ws = $1 AND server_version > $2 AND ($3::text[] IS NULL OR table_name = ANY($3))
          ORDER BY server_version LIMIT $4) c ON true
        ORDER BY c.server_version
        """;

    /// <inheritdoc/>
    public async ValueTask<StorePullResult> PullAsync(
        string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        NpgsqlCommand command = _dataSource.CreateCommand(PullSql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
            command.Parameters.Add(new NpgsqlParameter { Value = cursor });
            command.Parameters.Add(PostgresCommands.TextArray(tables?.ToArray()));
            command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
            List<SyncChange> changes = [];
            long? oldest = null;
            long counter = 0;
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    oldest = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                    counter = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
                    if (reader.IsDBNull(2))
                    {
                        continue;
                    }

                    ChangeStamp stamp = new(reader.GetString(9), reader.GetString(10), reader.GetString(8), reader.GetInt64(7));
                    ReadOnlyMemory<byte>? payload = reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6);
                    changes.Add(new SyncChange(
                        reader.GetInt64(2), reader.GetString(3), reader.GetString(4), (SyncOp)reader.GetInt16(5), payload, stamp));
                }
            }

            bool hasMore = changes.Count > limit;
            if (hasMore)
            {
                changes.RemoveAt(changes.Count - 1);
            }

            return new StorePullResult(changes, hasMore, oldest ?? counter + 1, counter);
        }
    }
}
