using System;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>The sync lifecycle with the reference's SQLite semantics (shared/spec/baton-storage.md, section 1.3).</summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>Starts a sync and binds it, or returns the open current sync of the same type.</summary>
    /// <exception cref="StorageException">
    /// InvalidArgument: Any or an undefined type, or a full or resources_only sync with a parent. FailedPrecondition: an
    /// open current sync has another type. ReadOnly.
    /// </exception>
    public string StartNewSync(SyncType type, string parentSyncId = "")
    {
        ArgumentNullException.ThrowIfNull(parentSyncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (_current is string current)
            {
                SyncRunRecord run = GetRunLocked(current);
                if (run.EndedAtUnixNanos is null)
                {
                    if (run.SyncType == NameOf(type))
                    {
                        return current;
                    }

                    SyncErrors.FailedPrecondition($"current sync (id {current}) is type {run.SyncType}. cannot start {NameOf(type)}");
                }

                _current = null;
            }

            if (type is SyncType.Any || !Enum.IsDefined(type))
            {
                SyncErrors.InvalidArgument($"cannot start a sync of type '{type}'");
            }

            if (type is SyncType.Full or SyncType.ResourcesOnly && parentSyncId.Length != 0)
            {
                SyncErrors.InvalidArgument($"a {NameOf(type)} sync cannot have a parent sync (got '{parentSyncId}')");
            }

            _current = CreateRunLocked(type, parentSyncId).SyncId;
            return _current;
        }
    }

    /// <summary>Binds an unfinished sync: the given one, or the latest of the type started within 7 days.</summary>
    /// <exception cref="StorageException">
    /// NotFound: no such sync, or nothing to resume. FailedPrecondition: another sync is bound, or the sync has another
    /// type or has ended. Internal: the bound sync does not match (no id given).
    /// </exception>
    public string ResumeSync(SyncType type, string syncId = "")
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            if (_current is string current)
            {
                if (syncId.Length != 0)
                {
                    if (syncId == current)
                    {
                        return syncId;
                    }

                    SyncErrors.FailedPrecondition($"cannot resume sync '{syncId}': sync '{current}' is current");
                }

                SyncRunRecord bound = GetRunLocked(current);
                if ((type != SyncType.Any && bound.SyncType != NameOf(type)) || bound.EndedAtUnixNanos is not null)
                {
                    SyncErrors.Internal($"the current sync '{current}' (type {bound.SyncType}) cannot be resumed as an open {NameOf(type)} sync");
                }

                return current;
            }

            string resumed;
            if (syncId.Length != 0)
            {
                if (!Engine.Core.Identifiers.Ksuid.TryParse(syncId, out _) || TryGetRunLocked(syncId) is not SyncRunRecord run)
                {
                    SyncErrors.NotFound($"no sync with id '{syncId}' found");
                    return "";
                }

                if (type != SyncType.Any && run.SyncType != NameOf(type))
                {
                    SyncErrors.FailedPrecondition($"sync '{syncId}' is type {run.SyncType}, not {NameOf(type)}");
                }

                if (run.EndedAtUnixNanos is not null)
                {
                    SyncErrors.FailedPrecondition($"sync '{syncId}' has ended");
                }

                resumed = syncId;
            }
            else if (LatestUnfinishedLocked(type) is not SyncRunRecord latest)
            {
                SyncErrors.NotFound($"no unfinished sync of type '{NameOf(type)}' started in the last {SyncStore.UnfinishedSyncMaxAge.TotalDays} days");
                return "";
            }
            else
            {
                resumed = latest.SyncId;
            }

            _current = resumed;
            return resumed;
        }
    }

    /// <summary>Resumes as <see cref="ResumeSync"/>, or starts a new sync when there is nothing to resume and no id was given.</summary>
    public (string SyncId, bool StartedNew) StartOrResumeSync(SyncType type, string syncId = "")
    {
        ArgumentNullException.ThrowIfNull(syncId);
        try
        {
            return (ResumeSync(type, syncId), false);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            if (syncId.Length != 0)
            {
                SyncErrors.NotFound($"no sync with id '{syncId}' found to resume");
            }
        }

        return (StartNewSync(type), true);
    }

    /// <summary>Binds an existing sync, ended or not.</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    public void SetCurrentSync(string syncId)
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            _current = ExistingRunLocked(syncId).SyncId;
        }
    }

    /// <summary>The current sync's last checkpoint token.</summary>
    /// <exception cref="StorageException">FailedPrecondition: no current sync.</exception>
    public string CurrentSyncStep()
    {
        lock (_lock)
        {
            return GetRunLocked(RequireCurrentSyncLocked()).SyncToken;
        }
    }

    /// <summary>Stores the syncer's checkpoint token on the current sync.</summary>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync.</exception>
    public void CheckpointSync(string syncToken)
    {
        ArgumentNullException.ThrowIfNull(syncToken);
        lock (_lock)
        {
            string current = RequireWriteSyncLocked();
            _sql.Execute("UPDATE v1_sync_runs SET sync_token = $0 WHERE sync_id = $1", syncToken, current);
            _dirty = true;
        }
    }

    /// <summary>Ends the current sync: stamps ended_at (if not yet), recounts and stores its stats, and unbinds it.</summary>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync.</exception>
    public void EndSync()
    {
        lock (_lock)
        {
            string current = RequireWriteSyncLocked();
            EndRunLocked(GetRunLocked(current), NowUnixNanos());
            _current = null;
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>Selects the sync reads use when none is current; empty clears it.</summary>
    /// <exception cref="StorageException">FailedPrecondition: a sync is running. NotFound: no such sync.</exception>
    public void ViewSync(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            string? view = syncId.Length == 0 ? null : ExistingRunLocked(syncId).SyncId;
            if (_current is string current)
            {
                SyncErrors.FailedPrecondition($"cannot view a sync while sync '{current}' is running");
            }

            _view = view;
        }
    }

    /// <summary>The current sync; FailedPrecondition when none is bound.</summary>
    private string RequireCurrentSyncLocked()
    {
        ThrowIfClosedLocked();
        if (_current is not string current)
        {
            SyncErrors.FailedPrecondition("sync is not active: no current sync");
            return "";
        }

        return current;
    }

    /// <summary>The sync a write goes to: the store must be writable and a sync bound.</summary>
    private string RequireWriteSyncLocked()
    {
        ThrowIfNotWritableLocked();
        return RequireCurrentSyncLocked();
    }
}
