using System;
using System.Collections.Generic;
using System.Text.Json;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Transfer;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// Raw import and export of syncs (<see cref="ISyncTransferSource"/>, <see cref="ISyncTransferTarget"/>): runs in rowid
/// order, rows in rowid order, every column as stored; nothing stamped with now, no upsert rule.
/// </summary>
public sealed partial class SqliteSyncStore
{
    // Rows read per query while exporting.
    private const int ExportChunkRows = 1000;

    /// <summary>Every sync run, in creation (rowid) order, as stored.</summary>
    public IEnumerable<TransferRun> ExportRuns()
    {
        List<SyncRunRecord> runs;
        lock (_lock)
        {
            ThrowIfClosedLocked();
            runs = RunsInCreationOrderLocked();
        }

        foreach (SyncRunRecord run in runs)
        {
            yield return SyncRunViews.ToTransfer(run, CachedStats(run));
        }
    }

    /// <summary>Every row of <paramref name="table"/> in sync <paramref name="syncId"/>, in rowid order, read in chunks.</summary>
    public IEnumerable<TransferRecord> ExportRecords(string syncId, RecordTable table)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        string sql = $"SELECT id, {TableColumns.Select(table)} FROM {TableColumns.Name(table)} WHERE sync_id = $0 AND id > $1 ORDER BY id LIMIT {ExportChunkRows}";
        long after = 0;
        while (true)
        {
            List<TransferRecord> chunk = new(ExportChunkRows);
            lock (_lock)
            {
                ThrowIfClosedLocked();
                using SqliteDataReader reader = _sql.Query(sql, syncId, after);
                while (reader.Read())
                {
                    after = reader.GetInt64(0);
                    chunk.Add(ReadTransferRecord(reader, TableColumns.Name(table)));
                }
            }

            foreach (TransferRecord record in chunk)
            {
                yield return record;
            }

            if (chunk.Count < ExportChunkRows)
            {
                yield break;
            }
        }
    }

    /// <summary>Every asset of sync <paramref name="syncId"/>, in rowid order.</summary>
    public IEnumerable<TransferAsset> ExportAssets(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        List<long> ids = [];
        lock (_lock)
        {
            ThrowIfClosedLocked();
            using SqliteDataReader reader = _sql.Query("SELECT id FROM v1_assets WHERE sync_id = $0 ORDER BY id", syncId);
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        foreach (long id in ids)
        {
            TransferAsset? asset = null;
            lock (_lock)
            {
                ThrowIfClosedLocked();
                using SqliteDataReader reader = _sql.Query("SELECT external_id, content_type, data, discovered_at FROM v1_assets WHERE id = $0", id);
                if (reader.Read())
                {
                    asset = new TransferAsset
                    {
                        ExternalId = reader.GetString(0),
                        ContentType = reader.GetString(1),
                        Data = (byte[])reader.GetValue(2),
                        DiscoveredAtUnixNanos = ParseTime(reader.GetString(3), $"v1_assets rowid {id} discovered_at"),
                    };
                }
            }

            if (asset is not null)
            {
                yield return asset;
            }
        }
    }

    /// <summary>Every session entry of sync <paramref name="syncId"/>, by key.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> ExportSessions(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        List<KeyValuePair<string, byte[]>> entries = [];
        lock (_lock)
        {
            ThrowIfClosedLocked();
            using SqliteDataReader reader = _sql.Query("SELECT key, value FROM v1_connector_sessions WHERE sync_id = $0 ORDER BY key", syncId);
            while (reader.Read())
            {
                entries.Add(new KeyValuePair<string, byte[]>(reader.GetString(0), (byte[])reader.GetValue(1)));
            }
        }

        return entries;
    }

    /// <summary>Adds sync run <paramref name="run"/> as given.</summary>
    /// <exception cref="StorageException">AlreadyExists: a sync with that id is stored. ReadOnly.</exception>
    public void ImportRun(TransferRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (TryGetRunLocked(run.SyncId) is not null)
            {
                throw new StorageException(StorageErrorCode.AlreadyExists, $"a sync with id '{run.SyncId}' is stored");
            }

            _sql.Execute(
                "INSERT INTO v1_sync_runs (sync_id, started_at, ended_at, sync_token, sync_type, parent_sync_id, linked_sync_id, supports_diff, grants_backfilled, stats, " +
                "ingest_invariant_generation, ingest_invariant_coverage, ingest_invariant_mode) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                run.SyncId,
                FormatTime(run.StartedAtUnixNanos),
                run.EndedAtUnixNanos is long ended ? FormatTime(ended) : null,
                run.SyncToken,
                run.SyncType,
                run.ParentSyncId,
                run.LinkedSyncId,
                run.SupportsDiff,
                run.GrantsBackfilled,
                run.Stats is SyncStats stats ? SyncStatsJson.Write(stats) : null,
                run.IngestInvariantGeneration,
                run.IngestInvariantGeneration.Length == 0 && run.IngestInvariantCoverage.Count == 0 ? "" : JsonSerializer.Serialize(run.IngestInvariantCoverage),
                run.IngestInvariantMode);
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>Stores <paramref name="rows"/> in <paramref name="table"/> of sync <paramref name="syncId"/> as given, in one transaction.</summary>
    /// <exception cref="StorageException">AlreadyExists: a row of the same id is stored in the sync. ReadOnly.</exception>
    public void ImportRecords(string syncId, RecordTable table, IReadOnlyList<TransferRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(rows);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            try
            {
                _sql.InTransaction(() =>
                {
                    foreach (TransferRecord row in rows)
                    {
                        InsertRecordLocked(TableColumns.Insert(table), table, syncId, row);
                    }
                });
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                throw new StorageException(StorageErrorCode.AlreadyExists, $"a row of sync '{syncId}' in {TableColumns.Name(table)} is stored already: {ex.Message}", ex);
            }

            _dirty = true;
        }
    }

    /// <summary>Stores <paramref name="asset"/> in sync <paramref name="syncId"/> as given.</summary>
    public void ImportAsset(string syncId, TransferAsset asset)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(asset);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            _sql.Execute(
                "INSERT INTO v1_assets (sync_id, external_id, content_type, data, discovered_at) VALUES ($0, $1, $2, $3, $4)",
                syncId, asset.ExternalId, asset.ContentType, asset.Data, FormatTime(asset.DiscoveredAtUnixNanos));
            _dirty = true;
        }
    }

    /// <summary>Stores the session entries of sync <paramref name="syncId"/>.</summary>
    public void ImportSessions(string syncId, IReadOnlyList<KeyValuePair<string, byte[]>> values)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(values);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            _sql.InTransaction(() =>
            {
                foreach (KeyValuePair<string, byte[]> entry in values)
                {
                    PutSessionLocked(syncId, entry.Key, entry.Value);
                }
            });
            _dirty = true;
        }
    }

    /// <summary>Runs <paramref name="statement"/> (a <see cref="TableColumns.Insert"/>) for one row.</summary>
    private void InsertRecordLocked(string statement, RecordTable table, string syncId, TransferRecord row)
    {
        string discovered = FormatTime(row.DiscoveredAtUnixNanos);
        _ = table switch
        {
            RecordTable.ResourceTypes => _sql.Execute(statement, syncId, row.ExternalId, row.Data, discovered),
            RecordTable.Resources => _sql.Execute(statement, syncId, row.ExternalId, row.Data, discovered, row.ResourceTypeId, row.ParentResourceTypeId, row.ParentResourceId),
            RecordTable.Entitlements => _sql.Execute(statement, syncId, row.ExternalId, row.Data, discovered, row.ResourceTypeId, row.ResourceId),
            _ => _sql.Execute(
                statement, syncId, row.ExternalId, row.Data, discovered, row.ResourceTypeId, row.ResourceId, row.EntitlementId, row.PrincipalResourceTypeId,
                row.PrincipalResourceId, row.Expansion, row.NeedsExpansion),
        };
    }

    /// <summary>A row read with <see cref="TableColumns.Select"/> after its rowid.</summary>
    private TransferRecord ReadTransferRecord(SqliteDataReader reader, string table) => new()
    {
        ExternalId = reader.GetString(1),
        Data = (byte[])reader.GetValue(2),
        DiscoveredAtUnixNanos = ParseTime(reader.GetString(3), $"{table} rowid {reader.GetInt64(0)} discovered_at"),
        ResourceTypeId = reader.GetString(4),
        ResourceId = reader.GetString(5),
        ParentResourceTypeId = reader.IsDBNull(6) ? null : reader.GetString(6),
        ParentResourceId = reader.IsDBNull(7) ? null : reader.GetString(7),
        EntitlementId = reader.GetString(8),
        PrincipalResourceTypeId = reader.GetString(9),
        PrincipalResourceId = reader.GetString(10),
        Expansion = reader.IsDBNull(11) ? null : (byte[])reader.GetValue(11),
        NeedsExpansion = reader.GetInt64(12) != 0,
    };
}
