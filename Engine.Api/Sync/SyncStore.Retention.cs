using System;
using System.Collections.Generic;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// Retention (shared/spec/baton-storage.md, section 1.14): Cleanup applies the reference's policy, and deleting a sync
/// is one range deletion per sync-scoped keyspace (docs/format/keyspace.md, "Deleting a sync") followed by a
/// compaction of the freed ranges, the analogue of SQLite's VACUUM.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>
    /// Deletes the syncs the retention policy selects (<see cref="RetentionPolicy.SelectSyncsToDelete"/>, keeping
    /// <see cref="ResolveCleanupSyncLimit"/> full syncs), then compacts the freed ranges unless
    /// <see cref="SyncStoreOptions.SkipVacuum"/>; marks the store dirty. Does nothing with
    /// <see cref="SyncStoreOptions.SkipCleanup"/> or when the environment variable BATON_SKIP_CLEANUP is true.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly.</exception>
    public void Cleanup()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.Cleanup);
        ThrowIfClosed();
        if (_options.SkipCleanup || RetentionPolicy.IsTrue(Environment.GetEnvironmentVariable(RetentionPolicy.SkipCleanupVariable)))
        {
            return;
        }

        ThrowIfNotWritable();
        DeleteSyncsByPolicy(_options.KeepSyncCount, vacuum: !_options.SkipVacuum);
    }

    /// <summary>
    /// Deletes the syncs the retention policy selects when keeping <paramref name="callerLimit"/> full syncs (resolved by
    /// <see cref="ResolveCleanupSyncLimit"/>), then compacts the freed ranges when <paramref name="vacuum"/>; marks the
    /// store dirty. Returns the deleted ids, in the order deleted, and the resolved limit.
    /// </summary>
    private (List<string> Deleted, int Limit) DeleteSyncsByPolicy(int callerLimit, bool vacuum)
    {
        Ksuid? current;
        lock (_stateLock)
        {
            current = _current;
        }

        List<SyncRunInfo> candidates = [];
        Dictionary<string, long> sequences = new(StringComparer.Ordinal);
        foreach ((Ksuid _, SyncRunRecord run) in RunsInCreationOrder())
        {
            candidates.Add(SyncRunViews.ToInfo(run, stats: null));
            sequences[run.SyncId] = run.Sequence;
        }

        int limit = ResolveCleanupSyncLimit(callerLimit, current is not null);
        List<Ksuid> deleted = [];
        List<string> deletedIds = [];
        foreach (string doomed in RetentionPolicy.SelectSyncsToDelete(candidates, current?.ToString() ?? "", limit))
        {
            Ksuid id = Ksuid.Parse(doomed);
            DeleteRunData(id, sequences[doomed]);
            deleted.Add(id);
            deletedIds.Add(doomed);
        }

        if (vacuum)
        {
            CompactDeletedSyncs(deleted);
        }

        MarkDirty();
        return (deletedIds, limit);
    }

    /// <summary>
    /// The full syncs Cleanup keeps: <paramref name="callerLimit"/> when above 0, else the environment variable
    /// BATON_KEEP_SYNC_COUNT when above 0, else 2; one fewer when a sync is open, never below 0.
    /// </summary>
    internal static int ResolveCleanupSyncLimit(int callerLimit, bool currentOpen) =>
        RetentionPolicy.ResolveCleanupSyncLimit(callerLimit, currentOpen, Environment.GetEnvironmentVariable(RetentionPolicy.KeepSyncCountVariable));

    /// <summary>
    /// Deletes sync <paramref name="syncId"/> and everything it holds in one atomic batch (a range deletion per
    /// sync-scoped keyspace and its creation-order entry), then, unless <see cref="SyncStoreOptions.SkipVacuum"/>,
    /// compacts the freed ranges so that the space comes back.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: no such sync; FailedPrecondition: it is the current sync.</exception>
    public void DeleteSyncRun(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.DeleteSyncRun, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfNotWritable();
        (Ksuid id, SyncRunRecord run) = ExistingRun(syncId);
        lock (_stateLock)
        {
            if (_current == id)
            {
                SyncErrors.FailedPrecondition($"unable to delete the current active sync run '{id}'");
            }

            DeleteRunData(id, run.Sequence);
        }

        if (!_options.SkipVacuum)
        {
            CompactDeletedSyncs([id]);
        }
    }

    /// <summary>
    /// Deletes every key of sync <paramref name="id"/> and its creation-order entry in one atomic write, marks the store
    /// dirty and drops the cached default syncs.
    /// </summary>
    private void DeleteRunData(Ksuid id, long sequence)
    {
        using (WriteBatch batch = new())
        {
            foreach (Keyspace keyspace in SyncKeys.SyncScoped)
            {
                KeyRange range = SyncKeys.SyncRange(keyspace, id);
                batch.DeleteRange(range.LowerBound, range.UpperBound);
            }

            batch.Delete(SyncKeys.SyncOrderKey(sequence));
            Db.Write(batch);
        }

        _telemetry.SyncDeleted(id.ToString());

        lock (_stateLock)
        {
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>
    /// Compacts, in each sync-scoped keyspace, the span from the first to the last deleted sync's range: the tables
    /// holding the deleted keys are rewritten without them (and without the range deletions).
    /// </summary>
    private void CompactDeletedSyncs(List<Ksuid> deleted)
    {
        if (deleted.Count == 0)
        {
            return;
        }

        Ksuid first = deleted[0];
        Ksuid last = deleted[0];
        foreach (Ksuid id in deleted)
        {
            first = id.CompareTo(first) < 0 ? id : first;
            last = id.CompareTo(last) > 0 ? id : last;
        }

        foreach (Keyspace keyspace in SyncKeys.SyncScoped)
        {
            Db.Compact(KeyRange.Between(SyncKeys.SyncRange(keyspace, first).Lower, SyncKeys.SyncRange(keyspace, last).Upper));
        }
    }
}
