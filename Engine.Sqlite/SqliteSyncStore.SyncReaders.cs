using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>The sync-run readers (shared/spec/baton-storage.md, section 1.10): rowid order, tokens of rowid + 1.</summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>The sync run with its stats (counted when not cached).</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    public SyncRun GetSync(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            SyncRunRecord run = ExistingRunLocked(syncId);
            return SyncRunViews.ToSyncRun(run, StatsOfLocked(run, forceRefresh: false));
        }
    }

    /// <summary>One page of the sync runs in creation order, without stats.</summary>
    public Page<SyncRun> ListSyncs(int pageSize, string? pageToken) =>
        RunsPage(pageSize, pageToken, static run => SyncRunViews.ToSyncRun(run, stats: null));

    /// <summary>The latest finished sync of the type with its stats, or null when none.</summary>
    /// <exception cref="StorageException">InvalidArgument: an undefined type.</exception>
    public SyncRun? GetLatestFinishedSync(SyncType type)
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            RequireKnownType(type);
            return LatestFinishedLocked(type, 0) is SyncRunRecord run ? SyncRunViews.ToSyncRun(run, StatsOfLocked(run, forceRefresh: false)) : null;
        }
    }

    /// <summary>The id of the latest finished sync of the type (ended_at, then id, descending), or empty when none.</summary>
    public string LatestFinishedSyncId(SyncType type) => FinishedSyncId(type, 0);

    /// <summary>The id of the second-latest finished sync of the type, or empty when none.</summary>
    public string PreviousSyncId(SyncType type) => FinishedSyncId(type, 1);

    /// <summary>Every sync run with everything stored about it (cached stats included), oldest first.</summary>
    public Page<SyncRunInfo> ListSyncRuns(int pageSize, string? pageToken) =>
        RunsPage(pageSize, pageToken, run => SyncRunViews.ToInfo(run, CachedStats(run)));

    private string FinishedSyncId(SyncType type, int offset)
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            RequireKnownType(type);
            return LatestFinishedLocked(type, offset)?.SyncId ?? "";
        }
    }

    private SyncRunInfo? LatestFinishedInfo(SyncType type)
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            return LatestFinishedLocked(type, 0) is SyncRunRecord run ? SyncRunViews.ToInfo(run, CachedStats(run)) : null;
        }
    }

    private Page<T> RunsPage<T>(int pageSize, string? pageToken, Func<SyncRunRecord, T> view)
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            int limit = Paging.Clamp(pageSize);
            long first = ParseRowToken(pageToken) ?? 0;
            List<T> items = [];
            long lastId = 0;
            bool more = false;
            using (SqliteDataReader reader = _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs WHERE id >= $0 ORDER BY id LIMIT $1", first, limit + 1))
            {
                while (reader.Read())
                {
                    if (items.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    SyncRunRecord run = ReadRun(reader);
                    lastId = run.Sequence;
                    items.Add(view(run));
                }
            }

            return new Page<T>(items, more ? RowToken(lastId) : "");
        }
    }

    /// <summary>InvalidArgument for a value of <see cref="SyncType"/> that names no type.</summary>
    private static void RequireKnownType(SyncType type)
    {
        if (!Enum.IsDefined(type))
        {
            SyncErrors.InvalidArgument($"unknown sync type '{type}'");
        }
    }
}
