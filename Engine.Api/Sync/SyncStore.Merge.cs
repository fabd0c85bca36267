using System;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The keep-newer merge of one sync into another (the reference's compactor: <c>CompactTable</c> then
/// <c>UpdateSync</c>, shared/spec/baton-storage.md, section 1.13).
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>
    /// Merges the records of <paramref name="appliedSyncId"/> (in <paramref name="appliedStore"/>, this store when null)
    /// into <paramref name="baseSyncId"/>: an applied record replaces the base's record of the same id, whole (blob, side
    /// columns, stamp, expansion; its index entries follow), when the base has none or was discovered earlier. Then the
    /// base sync's type becomes the union (full, else resources_only, else partial) and its ended_at the later of the two.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: either sync is missing.</exception>
    public void MergeNewer(ISyncStore? appliedStore, string appliedSyncId, string baseSyncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.MergeNewer, appliedSyncId);
        ArgumentNullException.ThrowIfNull(appliedSyncId);
        ArgumentNullException.ThrowIfNull(baseSyncId);
        ThrowIfNotWritable();
        SyncStore applied = OtherStore(appliedStore);
        Ksuid appliedId = applied.ExistingSync(appliedSyncId);
        Ksuid baseId = ExistingSync(baseSyncId);
        if (applied == this && appliedId == baseId)
        {
            return;
        }

        using (ChunkedBatch batch = new(Db))
        using (KeyBuilder keys = new())
        {
            foreach (Keyspace keyspace in s_entityKeyspaces)
            {
                lock (_stateLock)
                {
                    // The copied records bypass the put path's fresh-sync filter.
                    WrittenAroundFreshKeysLocked(baseId, keyspace);
                }

                using KeyMergeWalk walk = new(applied.Db.Scan(SyncKeys.SyncRange(keyspace, appliedId)), Db.Scan(SyncKeys.SyncRange(keyspace, baseId)));
                while (walk.MoveNext())
                {
                    if (walk.Left is not { } incoming)
                    {
                        continue;
                    }

                    if (walk.Right is { } existing)
                    {
                        EntityRecord newer = applied.ParseRecord(incoming.Key, incoming.Value, keyspace);
                        EntityRecord older = ParseRecord(existing.Key, existing.Value, keyspace);
                        if (newer.DiscoveredAtUnixNanos <= older.DiscoveredAtUnixNanos)
                        {
                            continue;
                        }

                        IndexEntries.Write(batch.Current, keys, keyspace, baseId, existing.Key.AsSpan(SyncKeys.SyncPrefixLength), older, remove: true);
                    }

                    CopyRecord(batch, keys, keyspace, appliedId, baseId, incoming, dropExpansion: false);
                }
            }
        }

        SyncRunRecord baseRun = GetRun(baseId);
        SyncRunRecord appliedRun = applied.GetRun(appliedId);
        baseRun.SyncType = UnionType(baseRun.SyncType, appliedRun.SyncType);
        if (appliedRun.EndedAtUnixNanos is long appliedEnd && (baseRun.EndedAtUnixNanos is null || appliedEnd > baseRun.EndedAtUnixNanos))
        {
            baseRun.EndedAtUnixNanos = appliedEnd;
        }

        // The merged records change the counts: recount an ended sync's stats rather than keep a stale cache.
        baseRun.Stats = baseRun.EndedAtUnixNanos is null ? null : SyncStatsCounter.Serialize(CountStats(baseId, baseRun));
        PutRun(baseRun, baseId, Durability.Synced);
        lock (_stateLock)
        {
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>The type of a merged sync: full if either is, else resources_only if either is, else partial.</summary>
    internal static string UnionType(string a, string b)
    {
        string full = SyncTypes.ToName(SyncType.Full);
        string resourcesOnly = SyncTypes.ToName(SyncType.ResourcesOnly);
        return a == full || b == full ? full
            : a == resourcesOnly || b == resourcesOnly ? resourcesOnly
            : SyncTypes.ToName(SyncType.Partial);
    }
}
