using System;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>The sync lifecycle with the reference's SQLite semantics (shared/spec/baton-storage.md, section 1.3).</summary>
public sealed partial class SyncStore
{
    /// <summary>How far back <see cref="ResumeSync"/> and the read defaults look for an unfinished sync.</summary>
    public static readonly TimeSpan UnfinishedSyncMaxAge = TimeSpan.FromDays(7);

    /// <summary>
    /// Starts a sync of <paramref name="type"/> and binds it as current, or returns the current sync when it is still
    /// open and of the same type (no new run).
    /// </summary>
    /// <exception cref="StorageException">
    /// InvalidArgument: <paramref name="type"/> is <see cref="SyncType.Any"/> or undefined, or a full or resources_only
    /// sync names a parent. FailedPrecondition: an open current sync has another type. ReadOnly.
    /// </exception>
    public string StartNewSync(SyncType type, string parentSyncId = "")
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.StartNewSync);
        ArgumentNullException.ThrowIfNull(parentSyncId);
        ThrowIfNotWritable();
        lock (_stateLock)
        {
            if (_current is Ksuid current)
            {
                SyncRunRecord run = GetRun(current);
                if (run.EndedAtUnixNanos is null)
                {
                    if (run.SyncType == NameOf(type))
                    {
                        return current.ToString();
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

            (Ksuid id, _) = CreateRunLocked(type, parentSyncId);
            _telemetry.SyncStarted(id.ToString(), NameOf(type), parentSyncId);
            _current = id;
            MarkFreshLocked(id);
            return id.ToString();
        }
    }

    /// <summary>
    /// Binds an unfinished sync and returns its id: <paramref name="syncId"/> when given, else the latest unfinished
    /// sync of <paramref name="type"/> started within <see cref="UnfinishedSyncMaxAge"/>. With a sync already bound,
    /// returns it when it is the one asked for (or, with no id, when its type matches and it is open).
    /// </summary>
    /// <exception cref="StorageException">
    /// NotFound: no such sync, or nothing to resume. FailedPrecondition: another sync is bound, or the sync has another
    /// type or has ended. Internal: the bound sync does not match (no id given).
    /// </exception>
    public string ResumeSync(SyncType type, string syncId = "")
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ResumeSync, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        lock (_stateLock)
        {
            if (_current is Ksuid current)
            {
                if (syncId.Length != 0)
                {
                    if (syncId == current.ToString())
                    {
                        return syncId;
                    }

                    SyncErrors.FailedPrecondition($"cannot resume sync '{syncId}': sync '{current}' is current");
                }

                SyncRunRecord bound = GetRun(current);
                if ((type != SyncType.Any && bound.SyncType != NameOf(type)) || bound.EndedAtUnixNanos is not null)
                {
                    SyncErrors.Internal($"the current sync '{current}' (type {bound.SyncType}) cannot be resumed as an open {NameOf(type)} sync");
                }

                return current.ToString();
            }

            Ksuid resumed;
            if (syncId.Length != 0)
            {
                if (!Ksuid.TryParse(syncId, out resumed) || TryGetRun(resumed) is not SyncRunRecord run)
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
            }
            else if (LatestUnfinished(type) is not (Ksuid id, _))
            {
                SyncErrors.NotFound($"no unfinished sync of type '{NameOf(type)}' started in the last {UnfinishedSyncMaxAge.TotalDays} days");
                return "";
            }
            else
            {
                resumed = id;
            }

            _current = resumed;
            _telemetry.SyncResumed(resumed.ToString(), NameOf(type));
            return resumed.ToString();
        }
    }

    /// <summary>
    /// Resumes as <see cref="ResumeSync"/>; when there is nothing to resume and no id was given, starts a new sync.
    /// </summary>
    public (string SyncId, bool StartedNew) StartOrResumeSync(SyncType type, string syncId = "")
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.StartOrResumeSync, syncId);
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

    /// <summary>Binds an existing sync as current, even an ended one (writes into it become possible).</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    public void SetCurrentSync(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.SetCurrentSync, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        Ksuid id = ExistingSync(syncId);
        lock (_stateLock)
        {
            _current = id;
        }
    }

    /// <summary>The current sync's last checkpoint token.</summary>
    /// <exception cref="StorageException">FailedPrecondition: no current sync.</exception>
    public string CurrentSyncStep()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.CurrentSyncStep);
        return GetRun(RequireCurrentSync()).SyncToken;
    }

    /// <summary>
    /// Stores the syncer's checkpoint token on the current sync, atomically and durably: every write before it survives
    /// a crash, so a resumed sync finds what the token says was done.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync.</exception>
    public void CheckpointSync(string syncToken)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.CheckpointSync);
        ArgumentNullException.ThrowIfNull(syncToken);
        Ksuid current = RequireWriteSync();
        SyncRunRecord run = GetRun(current);
        run.SyncToken = syncToken;
        PutRun(run, current, Durability.Synced);
        MarkDirty();
    }

    /// <summary>Ends the current sync: stamps ended_at (if not yet), recounts and stores its stats, and unbinds it.</summary>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync.</exception>
    public void EndSync()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.EndSync);
        Ksuid current = RequireWriteSync();
        SyncRunRecord ended = GetRun(current);
        EndRun(current, ended, NowUnixNanos());
        _telemetry.SyncEnded(current.ToString(), ended.SyncType);
        lock (_stateLock)
        {
            _current = null;
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>Selects the sync reads use when none is current; empty clears it.</summary>
    /// <exception cref="StorageException">FailedPrecondition: a sync is running. NotFound: no such sync.</exception>
    public void ViewSync(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ViewSync, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        Ksuid? view = syncId.Length == 0 ? null : ExistingSync(syncId);

        lock (_stateLock)
        {
            if (_current is Ksuid current)
            {
                SyncErrors.FailedPrecondition($"cannot view a sync while sync '{current}' is running");
            }

            _view = view;
        }
    }

    /// <summary>
    /// Ends a run: stamps <paramref name="endedAt"/> unless it has ended already, refreshes its stats, and stores it
    /// durably, with every write before it.
    /// </summary>
    private void EndRun(Ksuid id, SyncRunRecord run, long endedAt)
    {
        run.EndedAtUnixNanos ??= endedAt;
        run.Stats = SyncStatsCounter.Serialize(CountStats(id, run));
        PutRun(run, id, Durability.Synced);
    }

    /// <summary>Creates and stores a new, unbound sync run; the caller holds <see cref="_stateLock"/>.</summary>
    private (Ksuid Id, SyncRunRecord Run) CreateRunLocked(SyncType type, string parentSyncId)
    {
        Ksuid id = _ids.Next();
        SyncRunRecord run = new()
        {
            SyncId = id.ToString(),
            Sequence = _nextSequence,
            StartedAtUnixNanos = NowUnixNanos(),
            SyncType = NameOf(type),
            ParentSyncId = parentSyncId,
            GrantsBackfilled = true,
        };
        PutRun(run, id);
        _nextSequence++;
        _dirty = true;
        InvalidateDefaultSyncsLocked();
        return (id, run);
    }

    /// <summary>The current sync; FailedPrecondition when none is bound.</summary>
    internal Ksuid RequireCurrentSync()
    {
        ThrowIfClosed();
        lock (_stateLock)
        {
            if (_current is not Ksuid current)
            {
                SyncErrors.FailedPrecondition("sync is not active: no current sync");
                return default;
            }

            return current;
        }
    }

    /// <summary>The sync a write goes to: the store must be writable and a sync bound.</summary>
    internal Ksuid RequireWriteSync()
    {
        ThrowIfNotWritable();
        return RequireCurrentSync();
    }

    /// <summary>The latest unfinished sync of <paramref name="type"/> (any when Any) started within the window, or null.</summary>
    private (Ksuid Id, SyncRunRecord Run)? LatestUnfinished(SyncType type)
    {
        long oldest = ToUnixNanos(_time.GetUtcNow() - UnfinishedSyncMaxAge);
        (Ksuid Id, SyncRunRecord Run)? best = null;
        foreach ((Ksuid id, SyncRunRecord run) in RunsInCreationOrder())
        {
            if (run.EndedAtUnixNanos is null && run.StartedAtUnixNanos >= oldest && (type == SyncType.Any || run.SyncType == NameOf(type)) &&
                (best is null || run.StartedAtUnixNanos >= best.Value.Run.StartedAtUnixNanos))
            {
                best = (id, run);
            }
        }

        return best;
    }

    private static string NameOf(SyncType type) => Enum.IsDefined(type) ? SyncTypes.ToName(type) : type.ToString();
}
