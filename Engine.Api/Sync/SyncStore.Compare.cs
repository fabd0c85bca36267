using System;
using System.Collections.Generic;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Api.Sync.Transfer;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// A read-only comparison of two syncs: the upserts/deletions diff (<see cref="GenerateSyncDiffFrom"/>) counted and
/// listed instead of written, with the same key-by-key walk and the same byte-for-byte notion of a change.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The tables a comparison covers, in the order of <see cref="s_entityKeyspaces"/>.</summary>
    private static readonly RecordTable[] s_entityTables = [RecordTable.ResourceTypes, RecordTable.Resources, RecordTable.Entitlements, RecordTable.Grants];

    /// <summary>
    /// Compares sync <paramref name="appliedSyncId"/> with <paramref name="baseSyncId"/>, both of this store, without
    /// writing anything: per table, the records only the applied sync has (added), only the base has (removed), and
    /// those whose blob or, for a grant, expansion differs byte for byte (changed). The upserts of
    /// <see cref="GenerateSyncDiffFrom"/> are the added and changed records, its deletions the removed ones. Any two
    /// syncs compare, ended or not, whatever their type; a read-only store compares too.
    /// </summary>
    /// <param name="baseSyncId">The old sync.</param>
    /// <param name="appliedSyncId">The new sync.</param>
    /// <returns>The counts, walked once here, and a way to stream the changes.</returns>
    /// <exception cref="ArgumentNullException">An id is null.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">NotFound: either sync is missing.</exception>
    public SyncComparison CompareSyncs(string baseSyncId, string appliedSyncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.CompareSyncs, appliedSyncId);
        ArgumentNullException.ThrowIfNull(baseSyncId);
        ArgumentNullException.ThrowIfNull(appliedSyncId);
        ThrowIfClosed();
        Ksuid baseId = ExistingSync(baseSyncId);
        Ksuid appliedId = ExistingSync(appliedSyncId);
        long[,] counts = new long[s_entityKeyspaces.Length, 3];
        foreach (WalkedChange change in WalkChanges(this, baseId, appliedId))
        {
            counts[change.Table, (int)change.Kind]++;
        }

        SyncChangeCounts[] tables = new SyncChangeCounts[s_entityKeyspaces.Length];
        for (int i = 0; i < tables.Length; i++)
        {
            tables[i] = new SyncChangeCounts(
                s_entityTables[i], counts[i, (int)SyncChangeKind.Added], counts[i, (int)SyncChangeKind.Removed], counts[i, (int)SyncChangeKind.Changed]);
        }

        return new SyncComparison(baseSyncId, appliedSyncId, tables, () => Changes(baseId, appliedId));
    }

    /// <summary>The changes between two syncs of this store, walked lazily table by table.</summary>
    private IEnumerable<SyncChange> Changes(Ksuid baseId, Ksuid appliedId)
    {
        ThrowIfClosed();
        foreach (WalkedChange change in WalkChanges(this, baseId, appliedId))
        {
            yield return new SyncChange(s_entityTables[change.Table], RecordId(change.Record.Key), change.Kind);
        }
    }

    /// <summary>
    /// The upserts/deletions walk: for each entity keyspace in turn (<see cref="s_entityKeyspaces"/>), every id whose
    /// record differs between sync <paramref name="oldId"/> of <paramref name="old"/> and sync <paramref name="newId"/>
    /// of this store, with the record that stands for the change (the new one, or the old one when removed).
    /// </summary>
    private IEnumerable<WalkedChange> WalkChanges(SyncStore old, Ksuid oldId, Ksuid newId)
    {
        for (int i = 0; i < s_entityKeyspaces.Length; i++)
        {
            Keyspace keyspace = s_entityKeyspaces[i];
            using KeyMergeWalk walk = new(old.Db.Scan(SyncKeys.SyncRange(keyspace, oldId)), Db.Scan(SyncKeys.SyncRange(keyspace, newId)));
            while (walk.MoveNext())
            {
                if (ChangeOf(keyspace, walk) is SyncChangeKind kind)
                {
                    yield return new WalkedChange(i, kind, kind == SyncChangeKind.Removed ? walk.Left!.Value : walk.Right!.Value);
                }
            }
        }
    }

    /// <summary>
    /// What the current pair of a walk (left: the old sync, right: the new one) stands for: added, removed, changed
    /// (blob or grant expansion differs byte for byte), or null when both sides hold the same content.
    /// </summary>
    private SyncChangeKind? ChangeOf(Keyspace keyspace, KeyMergeWalk walk)
    {
        if (walk.Right is not { } right)
        {
            return SyncChangeKind.Removed;
        }

        if (walk.Left is not { } left)
        {
            return SyncChangeKind.Added;
        }

        return SameContent(keyspace, left, right) ? null : SyncChangeKind.Changed;
    }

    /// <summary>One change of the walk: the index of its keyspace in <see cref="s_entityKeyspaces"/>, its kind, its record.</summary>
    private readonly record struct WalkedChange(int Table, SyncChangeKind Kind, KeyValuePair<byte[], byte[]> Record);
}
