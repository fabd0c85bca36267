using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Transfer;

namespace Engine.Sqlite;

/// <summary>
/// Diffs between syncs (shared/spec/baton-storage.md, sections 1.12 and 1.13), as the reference's SQL: rows copied
/// between syncs by column name, blobs compared byte for byte.
/// </summary>
public sealed partial class SqliteSyncStore
{
    private static readonly string[] s_diffTables = [V1Schema.ResourceTypes, V1Schema.Resources, V1Schema.Entitlements, V1Schema.Grants, V1Schema.Assets];

    private static readonly RecordTable[] s_entityTables = [RecordTable.ResourceTypes, RecordTable.Resources, RecordTable.Entitlements, RecordTable.Grants];

    private SqliteFileOps? _fileOps;

    /// <summary>Clones and diffs of syncs.</summary>
    public IFileOps FileOps => _fileOps ??= new SqliteFileOps(this);

    /// <summary>
    /// Adds a partial sync (parent = base) holding the rows of the applied sync whose external ids the base lacks
    /// (additions only; grants without their expansion columns), ends it and returns its id.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: either sync is missing.</exception>
    public string GenerateSyncDiff(string baseSyncId, string appliedSyncId)
    {
        ArgumentNullException.ThrowIfNull(baseSyncId);
        ArgumentNullException.ThrowIfNull(appliedSyncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            string baseId = ExistingRunLocked(baseSyncId).SyncId;
            string appliedId = ExistingRunLocked(appliedSyncId).SyncId;
            SyncRunRecord diff = CreateRunLocked(SyncType.Partial, baseSyncId);
            _sql.InTransaction(() =>
            {
                foreach (string table in s_diffTables)
                {
                    string columns = TableColumns.Own(table, withExpansion: false);
                    _sql.Execute(
                        $"INSERT INTO {table} ({columns}, sync_id) SELECT {columns}, $0 FROM {table} WHERE sync_id = $1 " +
                        $"AND external_id NOT IN (SELECT external_id FROM {table} WHERE sync_id = $2)",
                        diff.SyncId, appliedId, baseId);
                }
            });
            EndRunLocked(diff, NowUnixNanos());
            return diff.SyncId;
        }
    }

    /// <summary>
    /// Adds the upserts and deletions diff of <paramref name="newSyncId"/> against <paramref name="oldSyncId"/> (in
    /// <paramref name="oldStore"/>, this store when null): partial_upserts (rows new, or whose blob or expansion differs)
    /// and partial_deletions (rows gone), linked, parent = old, ended at the same instant. Another store is read through
    /// its <see cref="ISyncTransferSource"/> side.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: a sync is missing; FailedPrecondition: a sync does not support diffs.</exception>
    public (string UpsertsSyncId, string DeletionsSyncId) GenerateSyncDiffFrom(ISyncStore? oldStore, string oldSyncId, string newSyncId)
    {
        ArgumentNullException.ThrowIfNull(oldSyncId);
        ArgumentNullException.ThrowIfNull(newSyncId);
        ISyncTransferSource? other = OtherSource(oldStore);
        TransferRun? otherRun = other is null ? null : FindRun(other, oldSyncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            (bool SupportsDiff, bool Backfilled) old = other is null
                ? (ExistingRunLocked(oldSyncId).SupportsDiff, ExistingRunLocked(oldSyncId).GrantsBackfilled)
                : (otherRun!.SupportsDiff, otherRun.GrantsBackfilled);
            SyncRunRecord newRun = ExistingRunLocked(newSyncId);
            foreach ((string id, bool supports, bool backfilled) in new[] { (oldSyncId, old.SupportsDiff, old.Backfilled), (newSyncId, newRun.SupportsDiff, newRun.GrantsBackfilled) })
            {
                if (!supports || !backfilled)
                {
                    SyncErrors.FailedPrecondition($"sync '{id}' does not support diffs (supports_diff {supports}, grants_backfilled {backfilled})");
                }
            }

            SyncRunRecord deletions = CreateRunLocked(SyncType.PartialDeletions, oldSyncId);
            SyncRunRecord upserts = CreateRunLocked(SyncType.PartialUpserts, oldSyncId);
            _sql.Execute("UPDATE v1_sync_runs SET linked_sync_id = $0, supports_diff = 1 WHERE sync_id = $1", upserts.SyncId, deletions.SyncId);
            _sql.Execute("UPDATE v1_sync_runs SET linked_sync_id = $0, supports_diff = 1 WHERE sync_id = $1", deletions.SyncId, upserts.SyncId);
            _sql.InTransaction(() =>
            {
                foreach (RecordTable table in s_entityTables)
                {
                    if (other is null)
                    {
                        DiffTableInStoreLocked(TableColumns.Name(table), oldSyncId, newSyncId, upserts.SyncId, deletions.SyncId);
                    }
                    else
                    {
                        DiffTableAcrossLocked(table, other, oldSyncId, newSyncId, upserts.SyncId, deletions.SyncId);
                    }
                }
            });

            long endedAt = NowUnixNanos();
            EndRunLocked(GetRunLocked(deletions.SyncId), endedAt);
            EndRunLocked(GetRunLocked(upserts.SyncId), endedAt);
            return (upserts.SyncId, deletions.SyncId);
        }
    }

    private void DiffTableInStoreLocked(string table, string oldId, string newId, string upsertsId, string deletionsId)
    {
        string columns = TableColumns.Own(table);
        string sameExpansion = table == V1Schema.Grants ? " AND IFNULL(o.expansion, x'') = IFNULL(n.expansion, x'')" : "";
        _sql.Execute(
            $"INSERT INTO {table} ({columns}, sync_id) SELECT {columns}, $0 FROM {table} o WHERE o.sync_id = $1 " +
            $"AND NOT EXISTS (SELECT 1 FROM {table} n WHERE n.sync_id = $2 AND n.external_id = o.external_id)",
            deletionsId, oldId, newId);
        _sql.Execute(
            $"INSERT INTO {table} ({columns}, sync_id) SELECT {columns}, $0 FROM {table} n WHERE n.sync_id = $1 " +
            $"AND NOT EXISTS (SELECT 1 FROM {table} o WHERE o.sync_id = $2 AND o.external_id = n.external_id AND o.data = n.data{sameExpansion})",
            upsertsId, newId, oldId);
    }

    private void DiffTableAcrossLocked(RecordTable table, ISyncTransferSource other, string oldId, string newId, string upsertsId, string deletionsId)
    {
        Dictionary<string, TransferRecord> old = new(StringComparer.Ordinal);
        foreach (TransferRecord record in other.ExportRecords(oldId, table))
        {
            old[record.ExternalId] = record;
        }

        string insert = TableColumns.Insert(table);
        foreach (TransferRecord current in ExportRecords(newId, table))
        {
            if (!old.Remove(current.ExternalId, out TransferRecord? before) || !SameContent(table, before, current))
            {
                InsertRecordLocked(insert, table, upsertsId, current);
            }
        }

        foreach (TransferRecord gone in old.Values)
        {
            InsertRecordLocked(insert, table, deletionsId, gone);
        }
    }

    private static bool SameContent(RecordTable table, TransferRecord a, TransferRecord b) =>
        a.Data.Span.SequenceEqual(b.Data.Span) &&
        // IFNULL(expansion, x'') as the reference compares: a null array is an empty span.
        (table != RecordTable.Grants || a.Expansion.AsSpan().SequenceEqual(b.Expansion));

    /// <summary>Null for this store; another store's transfer side otherwise.</summary>
    private ISyncTransferSource? OtherSource(ISyncStore? store) => (object?)store switch
    {
        null => null,
        SqliteSyncStore same when ReferenceEquals(same, this) => null,
        ISyncTransferSource source => source,
        _ => throw new ArgumentException("The other store must be readable through ISyncTransferSource.", nameof(store)),
    };

    /// <summary>The run of <paramref name="syncId"/> in another store; NotFound when it has none.</summary>
    private static TransferRun FindRun(ISyncTransferSource source, string syncId)
    {
        TransferRun? run = source.ExportRuns().FirstOrDefault(r => r.SyncId == syncId);
        if (run is null)
        {
            SyncErrors.NotFound($"no sync with id '{syncId}' found");
        }

        return run;
    }
}
