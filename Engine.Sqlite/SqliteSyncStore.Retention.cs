using System;
using System.Collections.Generic;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>
/// Retention (shared/spec/baton-storage.md, section 1.14): Cleanup applies the reference's policy, and deleting a sync
/// deletes its rows table by table in batches of 50 000 (each committed, so an interrupted cleanup resumes), sync_runs
/// last, then VACUUM.
/// </summary>
public sealed partial class SqliteSyncStore
{
    // The reference's deleteSyncRunBatchSize.
    private const int DeleteBatchRows = 50_000;

    /// <summary>The tables whose rows belong to a sync, in the order a deletion empties them (sync_runs comes after them).</summary>
    private static readonly string[] s_syncScopedTables =
        [V1Schema.ResourceTypes, V1Schema.Resources, V1Schema.Entitlements, V1Schema.Grants, V1Schema.Assets, V1Schema.Sessions];

    /// <summary>
    /// Deletes the syncs the retention policy selects, then runs VACUUM unless skipped and truncates the WAL; marks the
    /// store dirty. Does nothing when skip-cleanup is set or the environment variable BATON_SKIP_CLEANUP is true.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly.</exception>
    public void Cleanup()
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            if (_options.SkipCleanup || RetentionPolicy.IsTrue(Environment.GetEnvironmentVariable(RetentionPolicy.SkipCleanupVariable)))
            {
                return;
            }

            ThrowIfNotWritableLocked();
            List<SyncRunInfo> candidates = [];
            foreach (SyncRunRecord run in RunsInCreationOrderLocked())
            {
                candidates.Add(SyncRunViews.ToInfo(run, stats: null));
            }

            int limit = SyncStore.ResolveCleanupSyncLimit(_options.KeepSyncCount, _current is not null);
            foreach (string doomed in RetentionPolicy.SelectSyncsToDelete(candidates, _current ?? "", limit))
            {
                DeleteRunDataLocked(doomed);
            }

            if (!_options.SkipVacuum)
            {
                Vacuum();
            }

            _dirty = true;
        }
    }

    /// <summary>Deletes sync <paramref name="syncId"/> and its rows, then runs VACUUM unless skipped.</summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: no such sync; FailedPrecondition: it is the current sync.</exception>
    public void DeleteSyncRun(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            SyncRunRecord run = ExistingRunLocked(syncId);
            if (_current == run.SyncId)
            {
                SyncErrors.FailedPrecondition($"unable to delete the current active sync run '{run.SyncId}'");
            }

            DeleteRunDataLocked(run.SyncId);
            if (!_options.SkipVacuum)
            {
                Vacuum();
            }
        }
    }

    private void DeleteRunDataLocked(string syncId)
    {
        foreach (string table in s_syncScopedTables)
        {
            string delete = $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE sync_id = $0 LIMIT {DeleteBatchRows})";
            int deleted;
            do
            {
                deleted = _sql.Execute(delete, syncId);
            }
            while (deleted > 0);
        }

        _sql.Execute("DELETE FROM v1_sync_runs WHERE sync_id = $0", syncId);
        _dirty = true;
        InvalidateDefaultSyncsLocked();
    }

    /// <summary>VACUUM, then a WAL truncation when in WAL mode, as the reference's cleanup.</summary>
    private void Vacuum()
    {
        _sql.Execute("VACUUM");
        if (_options.JournalMode == SqliteJournalMode.Wal)
        {
            Checkpoint();
        }
    }
}
