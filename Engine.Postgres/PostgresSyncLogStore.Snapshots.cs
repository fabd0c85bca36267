using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresSyncLogStore
{
    private const short RowKind = 0;

    // A capture is copied into snapshot_items, as the reference does, so any gateway process can read its pages:
    // live rows as rows; deleted rows as tombstones (deleted-at from the tombstone when there is one, else the row's
    // update time, as LastWriterWins reports it); tombstones without a row. Run at one REPEATABLE READ snapshot, the
    // counter and the items agree.
    private const string CaptureHeaderSql = """
        INSERT INTO snapshots (snapshot_id, ws, high_watermark, tables, created_at, expires_at)
        SELECT $1, $2, COALESCE((SELECT server_version FROM ws_counters WHERE ws = $2), 0), $3, $4, $5
        RETURNING high_watermark
        """;

    private const string CaptureItemsSql = """
        INSERT INTO snapshot_items (snapshot_id, table_name, pk, kind, payload, clock, hlc, op_id, server_deleted_at)
        SELECT $1, r.table_name, r.pk, CASE WHEN r.deleted THEN 1 ELSE 0 END, CASE WHEN r.deleted THEN NULL ELSE r.payload END,
               r.clock, r.hlc, r.op_id, CASE WHEN r.deleted THEN COALESCE(t.server_deleted_at, r.updated_at) END
        FROM materialized_rows r LEFT JOIN tombstones t ON t.ws = r.ws AND t.table_name = r.table_name AND t.pk = r.pk
        WHERE r.ws = $2 AND ($3::text[] IS NULL OR r.table_name = ANY($3))
        UNION ALL
        SELECT $1, t.table_name, t.pk, 1, NULL, t.clock, t.hlc, t.op_id, t.server_deleted_at
        FROM tombstones t
        WHERE t.ws = $2 AND ($3::text[] IS NULL OR t.table_name = ANY($3))
          AND NOT EXISTS (SELECT 1 FROM materialized_rows r WHERE r.ws = t.ws AND r.table_name = t.table_name AND r.pk = t.pk)
        """;

    private const string ItemColumns = "table_name, pk, kind, payload, clock, hlc, op_id, server_deleted_at";

    /// <inheritdoc/>
    public async ValueTask<SnapshotCapture> CaptureSnapshotAsync(
        string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        string snapshotId = RandomNumberGenerator.GetHexString(32, lowercase: true);
        string[]? tableList = tables?.ToArray();
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await DeleteExpiredAsync(connection, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            long highWatermark;
            await using (transaction.ConfigureAwait(false))
            {
                NpgsqlBatch batch = new(connection, transaction)
                {
                    BatchCommands =
                    {
                        Command(CaptureHeaderSql, snapshotId, workspaceId, TextArray(tableList), now.ToUnixTimeMilliseconds(), expiresAt.ToUnixTimeMilliseconds()),
                        Command(CaptureItemsSql, snapshotId, workspaceId, TextArray(tableList)),
                    },
                };
                await using (batch.ConfigureAwait(false))
                {
                    highWatermark = (long)(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            // Beyond the cap the oldest captures are forgotten (across every process sharing the database).
            NpgsqlBatch evict = new(connection)
            {
                BatchCommands =
                {
                    Command(
                        "DELETE FROM snapshots WHERE snapshot_id IN (SELECT snapshot_id FROM snapshots ORDER BY created_at DESC, snapshot_id OFFSET $1)",
                        _maxOpenSnapshots),
                },
            };
            await using (evict.ConfigureAwait(false))
            {
                await evict.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new SnapshotCapture(snapshotId, workspaceId, highWatermark, ToSet(tableList), expiresAt);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<SnapshotCapture?> FindSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(snapshotId);
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command("SELECT ws, high_watermark, tables, expires_at FROM snapshots WHERE snapshot_id = $1", snapshotId));
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            SnapshotCapture capture;
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                string[]? tables = reader.IsDBNull(2) ? null : reader.GetFieldValue<string[]>(2);
                capture = new SnapshotCapture(
                    snapshotId, reader.GetString(0), reader.GetInt64(1), ToSet(tables), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
            }

            if (_time.GetUtcNow() < capture.ExpiresAt)
            {
                return capture;
            }
        }

        await DropSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SnapshotItem>> ReadSnapshotAsync(
        SnapshotCapture snapshot, SnapshotPosition? after, int count, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            // Each record is one item, so the page after a position starts at the next (table, pk) whatever its kind.
            batch.BatchCommands.Add(Command("SELECT expires_at FROM snapshots WHERE snapshot_id = $1", snapshot.SnapshotId));
            batch.BatchCommands.Add(after is { } position
                ? Command(
                    $"SELECT {ItemColumns} FROM snapshot_items WHERE snapshot_id = $1 AND (table_name, pk) > ($2, $3) ORDER BY table_name, pk, kind LIMIT $4",
                    snapshot.SnapshotId, position.TableName, position.Pk, count)
                : Command(
                    $"SELECT {ItemColumns} FROM snapshot_items WHERE snapshot_id = $1 ORDER BY table_name, pk, kind LIMIT $2",
                    snapshot.SnapshotId, count));
            List<SnapshotItem> items = [];
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetInt64(0) <= NowMs)
                {
                    throw new StorageException(StorageErrorCode.NotFound, $"the snapshot '{snapshot.SnapshotId}' is no longer held");
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    Revision revision = new(reader.GetInt64(4), reader.GetString(5), reader.GetString(6));
                    items.Add(reader.GetInt16(2) == RowKind
                        ? new SnapshotRow(reader.GetString(0), reader.GetString(1), revision, reader.GetFieldValue<byte[]>(3))
                        : new SnapshotTombstone(reader.GetString(0), reader.GetString(1), revision, reader.GetInt64(7)));
                }
            }

            return items;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DropSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(snapshotId);
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command("DELETE FROM snapshots WHERE snapshot_id = $1", snapshotId));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Captures nobody reads again; their items go with them (ON DELETE CASCADE).
    private static async ValueTask DeleteExpiredAsync(NpgsqlConnection connection, long nowMs, CancellationToken cancellationToken)
    {
        NpgsqlBatch batch = new(connection) { BatchCommands = { Command("DELETE FROM snapshots WHERE expires_at <= $1", nowMs) } };
        await using (batch.ConfigureAwait(false))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static FrozenSet<string>? ToSet(string[]? tables) => tables?.ToFrozenSet(StringComparer.Ordinal);
}
