using System;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Transfer;

namespace Engine.Sqlite;

/// <summary>
/// The keep-newer merge of one sync into another (the reference's compactor: <c>CompactTable</c> then
/// <c>UpdateSync</c>, shared/spec/baton-storage.md, section 1.13).
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>
    /// Merges the rows of <paramref name="appliedSyncId"/> (in <paramref name="appliedStore"/>, this store when null) into
    /// <paramref name="baseSyncId"/>: <c>INSERT OR REPLACE</c> of a row, whole, when the base has none of its id or an
    /// older discovered_at. Then the base sync's type becomes the union and its ended_at the later of the two; an ended
    /// base's stats are recounted.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: either sync is missing.</exception>
    public void MergeNewer(ISyncStore? appliedStore, string appliedSyncId, string baseSyncId)
    {
        ArgumentNullException.ThrowIfNull(appliedSyncId);
        ArgumentNullException.ThrowIfNull(baseSyncId);
        ISyncTransferSource? other = OtherSource(appliedStore);
        TransferRun? otherRun = other is null ? null : FindRun(other, appliedSyncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            SyncRunRecord? applied = other is null ? ExistingRunLocked(appliedSyncId) : null;
            SyncRunRecord baseRun = ExistingRunLocked(baseSyncId);
            if (other is null && appliedSyncId == baseSyncId)
            {
                return;
            }

            _sql.InTransaction(() =>
            {
                foreach (RecordTable table in s_entityTables)
                {
                    if (other is null)
                    {
                        CompactTableLocked(TableColumns.Name(table), appliedSyncId, baseSyncId);
                    }
                    else
                    {
                        CompactAcrossLocked(table, other, appliedSyncId, baseSyncId);
                    }
                }
            });

            string appliedType = applied?.SyncType ?? otherRun!.SyncType;
            long? appliedEnd = applied is not null ? applied.EndedAtUnixNanos : otherRun!.EndedAtUnixNanos;
            baseRun.SyncType = SyncStore.UnionType(baseRun.SyncType, appliedType);
            if (appliedEnd is long end && (baseRun.EndedAtUnixNanos is null || end > baseRun.EndedAtUnixNanos))
            {
                baseRun.EndedAtUnixNanos = end;
            }

            _sql.Execute(
                "UPDATE v1_sync_runs SET sync_type = $0, ended_at = $1, stats = NULL WHERE sync_id = $2",
                baseRun.SyncType, baseRun.EndedAtUnixNanos is long ended ? FormatTime(ended) : null, baseSyncId);
            if (baseRun.EndedAtUnixNanos is not null)
            {
                StoreStatsLocked(baseSyncId, CountStatsLocked(baseRun));
            }

            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>The reference's CompactTable within one database: keep-newer by discovered_at, compared as its text.</summary>
    private void CompactTableLocked(string table, string appliedId, string baseId)
    {
        string columns = TableColumns.Own(table);
        _sql.Execute(
            $"INSERT OR REPLACE INTO {table} ({columns}, sync_id) SELECT {columns}, $0 FROM {table} a WHERE a.sync_id = $1 " +
            $"AND NOT EXISTS (SELECT 1 FROM {table} m WHERE m.sync_id = $0 AND m.external_id = a.external_id AND m.discovered_at >= a.discovered_at)",
            baseId, appliedId);
    }

    /// <summary>CompactTable with the applied rows read from another store, compared by their instants.</summary>
    private void CompactAcrossLocked(RecordTable table, ISyncTransferSource other, string appliedId, string baseId)
    {
        string insert = TableColumns.Insert(table, "INSERT OR REPLACE");
        string name = TableColumns.Name(table);
        foreach (TransferRecord incoming in other.ExportRecords(appliedId, table))
        {
            object? stored = _sql.Scalar($"SELECT discovered_at FROM {name} WHERE sync_id = $0 AND external_id = $1", baseId, incoming.ExternalId);
            if (stored is string text && ParseTime(text, $"{name} {incoming.ExternalId} discovered_at") >= incoming.DiscoveredAtUnixNanos)
            {
                continue;
            }

            InsertRecordLocked(insert, table, baseId, incoming);
        }
    }
}
