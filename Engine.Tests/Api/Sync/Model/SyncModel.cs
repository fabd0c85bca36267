using Engine.Api;
using Engine.Api.Sync;

namespace Engine.Tests.Api.Sync.Model;

/// <summary>
/// An in-memory model of the reference's SQLite semantics for the operations the model-based test drives
/// (shared/spec/baton-storage.md, sections 1.3 to 1.5, 1.12 and 3.5), written from the spec, not from the store's code.
/// Each operation returns the error code it must fail with, or null.
/// </summary>
internal sealed class SyncModel
{
    private static readonly long s_sevenDays = (long)TimeSpan.FromDays(7).TotalNanoseconds;

    public List<ModelSync> Syncs { get; } = [];

    public ModelSync? Current { get; private set; }

    public ModelSync? View { get; private set; }

    // The default of step 4a, cached as the reference caches it: dropped when a sync starts or ends, and on reopen.
    private (bool Known, ModelSync? Sync) _defaultFull;

    public ModelSync? Find(string id) => Syncs.Find(s => s.Id == id);

    public StorageErrorCode? StartNewSync(SyncType type, string parent, Func<string> newId, long now, out string id)
    {
        id = "";
        if (Current is { } current)
        {
            if (current.EndedAt is null)
            {
                if (current.Type == SyncTypes.ToName(type))
                {
                    id = current.Id;
                    return null;
                }

                return StorageErrorCode.FailedPrecondition;
            }

            Current = null;
        }

        if (type == SyncType.Any || ((type is SyncType.Full or SyncType.ResourcesOnly) && parent.Length != 0))
        {
            return StorageErrorCode.InvalidArgument;
        }

        ModelSync created = new(newId(), SyncTypes.ToName(type), parent, now);
        Syncs.Add(created);
        _defaultFull = default;
        Current = created;
        id = created.Id;
        return null;
    }

    public StorageErrorCode? ResumeSync(SyncType type, string syncId, long now)
    {
        string name = SyncTypes.ToName(type);
        if (Current is { } current)
        {
            if (syncId.Length != 0)
            {
                return syncId == current.Id ? null : StorageErrorCode.FailedPrecondition;
            }

            return (type != SyncType.Any && current.Type != name) || current.EndedAt is not null ? StorageErrorCode.Internal : null;
        }

        if (syncId.Length != 0)
        {
            ModelSync? sync = Find(syncId);
            if (sync is null)
            {
                return StorageErrorCode.NotFound;
            }

            if ((type != SyncType.Any && sync.Type != name) || sync.EndedAt is not null)
            {
                return StorageErrorCode.FailedPrecondition;
            }

            Current = sync;
            return null;
        }

        ModelSync? latest = LatestUnfinished(type, now);
        if (latest is null)
        {
            return StorageErrorCode.NotFound;
        }

        Current = latest;
        return null;
    }

    public StorageErrorCode? SetCurrentSync(string syncId)
    {
        ModelSync? sync = Find(syncId);
        if (sync is null)
        {
            return StorageErrorCode.NotFound;
        }

        Current = sync;
        return null;
    }

    public StorageErrorCode? Checkpoint(string token)
    {
        if (Current is null)
        {
            return StorageErrorCode.FailedPrecondition;
        }

        Current.Token = token;
        return null;
    }

    public StorageErrorCode? EndSync(long now)
    {
        if (Current is null)
        {
            return StorageErrorCode.FailedPrecondition;
        }

        Current.EndedAt ??= now;
        Current = null;
        _defaultFull = default;
        return null;
    }

    public StorageErrorCode? ViewSync(string syncId)
    {
        if (syncId.Length != 0 && Find(syncId) is null)
        {
            return StorageErrorCode.NotFound;
        }

        if (Current is not null)
        {
            return StorageErrorCode.FailedPrecondition;
        }

        View = syncId.Length == 0 ? null : Find(syncId);
        return null;
    }

    /// <summary>The restart: bindings are process state and go; records and runs stay.</summary>
    public void Reopen()
    {
        Current = null;
        View = null;
        _defaultFull = default;
    }

    /// <summary>A batch of upserts in one kind's table: rows applied in order, as SQLite's multi-row upsert.</summary>
    public StorageErrorCode? Upsert(Func<ModelSync, SortedDictionary<string, ModelRecord>> table, IEnumerable<(string Id, ModelRecord Incoming)> rows, long now)
    {
        if (Current is null)
        {
            return StorageErrorCode.FailedPrecondition;
        }

        SortedDictionary<string, ModelRecord> records = table(Current);
        foreach ((string id, ModelRecord incoming) in rows)
        {
            if (!records.TryGetValue(id, out ModelRecord? existing))
            {
                records[id] = incoming with { DiscoveredAt = now, Needs = incoming.Expansion is not null };
                continue;
            }

            bool needs = incoming.Expansion is null || incoming.Expansion.Length == 0 ? false
                : existing.Expansion is null || !existing.Expansion.AsSpan().SequenceEqual(incoming.Expansion) || existing.Needs;
            records[id] = existing with { Blob = incoming.Blob, Expansion = incoming.Expansion, Needs = needs };
        }

        return null;
    }

    /// <summary>A "put if newer": writes unless a record of the id was discovered at or after the incoming one.</summary>
    public StorageErrorCode? UpsertIfNewer(Func<ModelSync, SortedDictionary<string, ModelRecord>> table, string id, ModelRecord incoming, long? discoveredAt)
    {
        if (Current is null)
        {
            return StorageErrorCode.FailedPrecondition;
        }

        SortedDictionary<string, ModelRecord> records = table(Current);
        if (discoveredAt is not long at)
        {
            return null;
        }

        if (!records.TryGetValue(id, out ModelRecord? existing))
        {
            records[id] = incoming with { DiscoveredAt = at, Needs = incoming.Expansion is not null };
        }
        else if (at > existing.DiscoveredAt)
        {
            bool needs = incoming.Expansion is null || incoming.Expansion.Length == 0 ? false
                : existing.Expansion is null || !existing.Expansion.AsSpan().SequenceEqual(incoming.Expansion) || existing.Needs;
            records[id] = existing with { Blob = incoming.Blob, DiscoveredAt = at, Expansion = incoming.Expansion, Needs = needs };
        }

        return null;
    }

    public StorageErrorCode? DeleteGrant(string id)
    {
        if (Current is null)
        {
            return StorageErrorCode.FailedPrecondition;
        }

        Current.Grants.Remove(id);
        return null;
    }

    /// <summary>GenerateSyncDiff: a partial sync of the additions, grants without expansion state, ended.</summary>
    public StorageErrorCode? GenerateSyncDiff(string baseId, string appliedId, Func<string> newId, long now, out string diffId)
    {
        diffId = "";
        ModelSync? baseSync = Find(baseId);
        ModelSync? applied = Find(appliedId);
        if (baseSync is null || applied is null)
        {
            return StorageErrorCode.NotFound;
        }

        ModelSync diff = new(newId(), "partial", baseId, now) { EndedAt = now };
        Syncs.Add(diff);
        _defaultFull = default;
        Copy(applied.ResourceTypes, baseSync.ResourceTypes, diff.ResourceTypes, clearExpansion: false);
        Copy(applied.Resources, baseSync.Resources, diff.Resources, clearExpansion: false);
        Copy(applied.Grants, baseSync.Grants, diff.Grants, clearExpansion: true);
        diffId = diff.Id;
        return null;
    }

    /// <summary>
    /// Cleanup with the default limit (spec 1.14): keep the 2 newest finished full syncs (1 while a sync is bound),
    /// delete older fulls and the partials that ended before the cutoff's start; unended and current syncs stay.
    /// </summary>
    public StorageErrorCode? Cleanup()
    {
        bool currentOpen = Current is not null;
        int limit = Math.Max(0, 2 - (currentOpen ? 1 : 0));
        List<ModelSync> candidates = Syncs.Where(s => s.EndedAt is not null && !ReferenceEquals(s, Current)).ToList();
        List<ModelSync> fulls = candidates.Where(s => s.Type is not ("partial" or "resources_only" or "partial_upserts" or "partial_deletions")).ToList();
        List<ModelSync> partials = candidates.Where(s => s.Type is "partial" or "resources_only").ToList();
        List<ModelSync> doomed = [];
        if (fulls.Count > limit)
        {
            int overflow = fulls.Count - limit;
            doomed.AddRange(fulls.Take(overflow));
            ModelSync cutoff = fulls[overflow - (currentOpen ? 1 : 0)];
            doomed.AddRange(partials.Where(p => p.EndedAt < cutoff.StartedAt));
        }

        foreach (ModelSync sync in doomed)
        {
            Syncs.Remove(sync);
            if (ReferenceEquals(View, sync))
            {
                // The view still names the deleted sync, which now holds nothing.
                View = new ModelSync(sync.Id, sync.Type, sync.Parent, sync.StartedAt);
            }
        }

        // Deleting a sync drops the cached default, as a sync's start or end does; a cleanup that deletes nothing keeps it.
        if (doomed.Count > 0)
        {
            _defaultFull = default;
        }

        return null;
    }

    /// <summary>CloneSync's checks (spec 1.12) and the sync it clones.</summary>
    public StorageErrorCode? Clone(string syncId, out ModelSync? cloned)
    {
        cloned = syncId.Length == 0 ? LatestFinished(full: true) : Find(syncId);
        return cloned is null ? StorageErrorCode.NotFound : cloned.EndedAt is null ? StorageErrorCode.FailedPrecondition : null;
    }

    /// <summary>Step 4a of the read cascade: current, view, latest finished full, latest unfinished (7 days); null: every sync.</summary>
    public ModelSync? ResolveListSync(long now)
    {
        if ((Current ?? View) is { } bound)
        {
            return bound;
        }

        if (!_defaultFull.Known)
        {
            _defaultFull = (true, LatestFinished(full: true) ?? LatestUnfinished(SyncType.Any, now));
        }

        return _defaultFull.Sync;
    }

    private ModelSync? LatestFinished(bool full) =>
        Syncs.Where(s => s.EndedAt is not null && (!full || s.Type == "full"))
            .OrderByDescending(s => s.EndedAt)
            .ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .FirstOrDefault();

    private ModelSync? LatestUnfinished(SyncType type, long now) =>
        Syncs.Where(s => s.EndedAt is null && s.StartedAt >= now - s_sevenDays && (type == SyncType.Any || s.Type == SyncTypes.ToName(type)))
            .OrderByDescending(s => s.StartedAt)
            .ThenByDescending(s => Syncs.IndexOf(s))
            .FirstOrDefault();

    private static void Copy(SortedDictionary<string, ModelRecord> from, SortedDictionary<string, ModelRecord> except, SortedDictionary<string, ModelRecord> to, bool clearExpansion)
    {
        foreach ((string id, ModelRecord record) in from)
        {
            if (!except.ContainsKey(id))
            {
                to[id] = clearExpansion ? record with { Expansion = null, Needs = false } : record;
            }
        }
    }
}
