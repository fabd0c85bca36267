using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Storage;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresSyncLogStore
{
    // One statement: writes only when the version is within the counter and the stored cursor (if any) has the same
    // owner and is not ahead; returns a row when it wrote. The counter only grows, so a version within it stays so.
    private const string CursorUpsertSql = """
        INSERT INTO device_cursors AS d (ws, device_id, owner_user_id, last_seen_version, updated_at)
        SELECT $1, $2, $3, $4, $5
        WHERE $4 <= COALESCE((SELECT server_version FROM ws_counters WHERE ws = $1), 0)
        ON CONFLICT (ws, device_id) DO UPDATE SET last_seen_version = EXCLUDED.last_seen_version, updated_at = EXCLUDED.updated_at
        WHERE d.owner_user_id = EXCLUDED.owner_user_id AND d.last_seen_version <= EXCLUDED.last_seen_version
        RETURNING 1
        """;

    private const string CursorRefusalSql = """
        SELECT COALESCE((SELECT server_version FROM ws_counters WHERE ws = $1), 0), d.owner_user_id, d.last_seen_version
        FROM (SELECT 1) AS one LEFT JOIN device_cursors d ON d.ws = $1 AND d.device_id = $2
        """;

    /// <inheritdoc/>
    public async ValueTask<CursorUpdateOutcome> UpdateCursorAsync(
        string workspaceId, string deviceId, string userId, long version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        long nowMs = now.ToUnixTimeMilliseconds();
        return await PostgresRetry.RunAsync(
            async ct =>
            {
                NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    while (true)
                    {
                        NpgsqlBatch upsert = new(connection) { BatchCommands = { Command(CursorUpsertSql, workspaceId, deviceId, userId, version, nowMs) } };
                        await using (upsert.ConfigureAwait(false))
                        {
                            if (await upsert.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
                            {
                                return CursorUpdateOutcome.Updated;
                            }
                        }

                        // Null: GC removed the cursor between the two statements; the next upsert creates it.
                        CursorUpdateOutcome? refusal = await ClassifyRefusalAsync(connection, workspaceId, deviceId, userId, version, ct).ConfigureAwait(false);
                        if (refusal is { } outcome)
                        {
                            return outcome;
                        }
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    // Why the upsert wrote nothing, in the reference's order: beyond the counter (400), another owner (403), backwards
    // (409). Refusals are permanent (the counter only grows, the owner never changes, a cursor only moves forward), so
    // a later read sees the same reason.
    private static async ValueTask<CursorUpdateOutcome?> ClassifyRefusalAsync(
        NpgsqlConnection connection, string workspaceId, string deviceId, string userId, long version, CancellationToken cancellationToken)
    {
        NpgsqlBatch batch = new(connection) { BatchCommands = { Command(CursorRefusalSql, workspaceId, deviceId) } };
        await using (batch.ConfigureAwait(false))
        {
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (version > reader.GetInt64(0))
                {
                    return CursorUpdateOutcome.BeyondCounter;
                }

                if (reader.IsDBNull(1))
                {
                    return null;
                }

                if (!string.Equals(reader.GetString(1), userId, StringComparison.Ordinal))
                {
                    return CursorUpdateOutcome.OtherOwner;
                }

                return version < reader.GetInt64(2) ? CursorUpdateOutcome.Regression : null;
            }
        }
    }
}
