using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>
/// The read-resolution cascade (shared/spec/baton-storage.md, section 1.2): the request's sync, the current sync, the
/// view sync, then the method's default (latest finished full, or of any type; else the latest unfinished within 7
/// days); null when nothing resolves and the query runs without a sync filter.
/// </summary>
public sealed partial class SqliteSyncStore
{
    // Guarded by _lock: the cached defaults of step 4, recomputed after a sync starts, ends or is deleted.
    private (bool Known, string? Id) _defaultFull;
    private (bool Known, string? Id) _defaultAny;

    /// <summary>The sync a read uses; the caller holds the lock.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed SyncDetails annotation or sync id.</exception>
    private string? ResolveReadSyncLocked(SyncReadRequest? request, ReadDefault fallback)
    {
        ThrowIfClosedLocked();
        if (SyncStore.ExplicitSync(request) is { } requested)
        {
            return requested.ToString();
        }

        if (_current is string current)
        {
            return current;
        }

        if (_view is string view)
        {
            return view;
        }

        ref (bool Known, string? Id) cached = ref fallback == ReadDefault.LatestFull ? ref _defaultFull : ref _defaultAny;
        if (!cached.Known)
        {
            SyncRunRecord? latest = LatestFinishedLocked(fallback == ReadDefault.LatestFull ? SyncType.Full : SyncType.Any, 0) ?? LatestUnfinishedLocked(SyncType.Any);
            cached = (true, latest?.SyncId);
        }

        return cached.Id;
    }

    /// <summary>Forgets the cached default syncs; the caller holds the lock.</summary>
    private void InvalidateDefaultSyncsLocked()
    {
        _defaultFull = default;
        _defaultAny = default;
    }
}
