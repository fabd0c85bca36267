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
/// Diffs between syncs (shared/spec/baton-storage.md, sections 1.12 and 1.13): walked key by key, copying stored
/// bytes, comparing blobs byte for byte, never decoding a message.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The keyspaces whose records an additions-only diff copies (every table but sync runs and sessions).</summary>
    private static readonly Keyspace[] s_diffKeyspaces = [Keyspace.ResourceType, Keyspace.Resource, Keyspace.Entitlement, Keyspace.Grant, Keyspace.Asset];

    /// <summary>The keyspaces an upserts/deletions diff and a keep-newer merge cover (no assets, as the reference).</summary>
    private static readonly Keyspace[] s_entityKeyspaces = [Keyspace.ResourceType, Keyspace.Resource, Keyspace.Entitlement, Keyspace.Grant];

    /// <summary>
    /// Adds a partial sync (parent = <paramref name="baseSyncId"/>) holding the records of
    /// <paramref name="appliedSyncId"/> whose ids the base lacks (additions only; grants lose their expansion state, as
    /// the reference copies neither column), ends it and returns its id. The current sync is left as it is.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: either sync is missing.</exception>
    public string GenerateSyncDiff(string baseSyncId, string appliedSyncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GenerateSyncDiff, appliedSyncId);
        ArgumentNullException.ThrowIfNull(baseSyncId);
        ArgumentNullException.ThrowIfNull(appliedSyncId);
        ThrowIfNotWritable();
        Ksuid baseId = ExistingSync(baseSyncId);
        Ksuid appliedId = ExistingSync(appliedSyncId);
        (Ksuid diffId, SyncRunRecord diff) = CreateUnboundRun(SyncType.Partial, baseSyncId);
        using (ChunkedBatch batch = new(Db))
        using (KeyBuilder keys = new())
        {
            foreach (Keyspace keyspace in s_diffKeyspaces)
            {
                using KeyMergeWalk walk = new(Db.Scan(SyncKeys.SyncRange(keyspace, appliedId)), Db.Scan(SyncKeys.SyncRange(keyspace, baseId)));
                while (walk.MoveNext())
                {
                    if (walk.Left is { } added && walk.Right is null)
                    {
                        CopyRecord(batch, keys, keyspace, appliedId, diffId, added, dropExpansion: true);
                    }
                }
            }
        }

        EndRun(diffId, diff, NowUnixNanos());
        return diffId.ToString();
    }

    /// <summary>
    /// Adds the upserts and deletions diff of <paramref name="newSyncId"/> (this store) against
    /// <paramref name="oldSyncId"/> (in <paramref name="oldStore"/>, this store when null): a partial_upserts sync with
    /// the records new or changed (blob, or a grant's expansion, differs byte for byte) and a partial_deletions sync with
    /// the records gone, each linked to the other, both with parent = the old sync, ended at the same instant.
    /// </summary>
    /// <exception cref="StorageException">
    /// ReadOnly; NotFound: a sync is missing; FailedPrecondition: a sync does not support diffs (supports_diff and
    /// grants_backfilled must both be set).
    /// </exception>
    public (string UpsertsSyncId, string DeletionsSyncId) GenerateSyncDiffFrom(ISyncStore? oldStore, string oldSyncId, string newSyncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GenerateSyncDiffFrom, newSyncId);
        ArgumentNullException.ThrowIfNull(oldSyncId);
        ArgumentNullException.ThrowIfNull(newSyncId);
        ThrowIfNotWritable();
        SyncStore old = OtherStore(oldStore);
        Ksuid oldId = old.ExistingSync(oldSyncId);
        Ksuid newId = ExistingSync(newSyncId);
        foreach ((SyncStore store, Ksuid id) in new[] { (old, oldId), (this, newId) })
        {
            SyncRunRecord run = store.GetRun(id);
            if (!run.SupportsDiff || !run.GrantsBackfilled)
            {
                SyncErrors.FailedPrecondition($"sync '{id}' does not support diffs (supports_diff {run.SupportsDiff}, grants_backfilled {run.GrantsBackfilled})");
            }
        }

        (Ksuid deletionsId, SyncRunRecord deletions) = CreateUnboundRun(SyncType.PartialDeletions, oldSyncId);
        (Ksuid upsertsId, SyncRunRecord upserts) = CreateUnboundRun(SyncType.PartialUpserts, oldSyncId);
        deletions.LinkedSyncId = upsertsId.ToString();
        upserts.LinkedSyncId = deletionsId.ToString();
        deletions.SupportsDiff = upserts.SupportsDiff = true;
        using (ChunkedBatch batch = new(Db))
        using (KeyBuilder keys = new())
        {
            foreach (WalkedChange change in WalkChanges(old, oldId, newId))
            {
                bool removed = change.Kind == SyncChangeKind.Removed;
                CopyRecord(batch, keys, s_entityKeyspaces[change.Table], removed ? oldId : newId, removed ? deletionsId : upsertsId, change.Record, dropExpansion: false);
            }
        }

        long endedAt = NowUnixNanos();
        EndRun(deletionsId, deletions, endedAt);
        EndRun(upsertsId, upserts, endedAt);
        return (upsertsId.ToString(), deletionsId.ToString());
    }

    /// <summary>Creates a run without binding it, as the diff operations do.</summary>
    private (Ksuid Id, SyncRunRecord Run) CreateUnboundRun(SyncType type, string parentSyncId)
    {
        lock (_stateLock)
        {
            return CreateRunLocked(type, parentSyncId);
        }
    }

    /// <summary>
    /// Copies one stored record (primary key and value, from <paramref name="from"/>) into sync <paramref name="to"/>
    /// with the index entries it calls for; an asset brings its chunks. With <paramref name="dropExpansion"/> a grant
    /// arrives without expansion state.
    /// </summary>
    private void CopyRecord(ChunkedBatch batch, KeyBuilder keys, Keyspace keyspace, Ksuid from, Ksuid to, KeyValuePair<byte[], byte[]> record, bool dropExpansion)
    {
        ReadOnlySpan<byte> encodedId = record.Key.AsSpan(SyncKeys.SyncPrefixLength);
        byte[] key = keys.Begin(keyspace, to).AppendEncoded(encodedId).ToArray();
        if (keyspace == Keyspace.Asset)
        {
            batch.Put(key, record.Value);
            CopyAssetChunks(batch, keys, from, to, encodedId);
            return;
        }

        EntityRecord stored = ParseRecord(record.Key, record.Value, keyspace);
        byte[] value = record.Value;
        if (dropExpansion && (stored.Flags & (RecordFlags.HasExpansion | RecordFlags.NeedsExpansion)) != 0)
        {
            value = WithoutExpansion(stored);
            stored = ParseRecord(record.Key, value, keyspace);
        }

        batch.Put(key, value);
        IndexEntries.Write(batch.Current, keys, keyspace, to, encodedId, stored);
    }

    /// <summary>Copies the chunks of the asset whose id is <paramref name="encodedId"/> from one sync to another.</summary>
    private void CopyAssetChunks(ChunkedBatch batch, KeyBuilder keys, Ksuid from, Ksuid to, ReadOnlySpan<byte> encodedId)
    {
        byte[] prefix = keys.Begin(Keyspace.AssetChunk, from).AppendEncoded(encodedId).ToArray();
        foreach (KeyValuePair<byte[], byte[]> chunk in Db.Scan(KeyRange.Prefix(prefix)))
        {
            batch.Put(keys.Begin(Keyspace.AssetChunk, to).AppendEncoded(chunk.Key.AsSpan(SyncKeys.SyncPrefixLength)).ToArray(), chunk.Value);
        }
    }

    /// <summary>A record's value re-enveloped without expansion state: the same stamp, columns and blob.</summary>
    private static byte[] WithoutExpansion(in EntityRecord record)
    {
        string[] columns = new string[record.ColumnCount];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = record.Column(i);
        }

        using Engine.Core.Buffers.PooledBufferWriter value = new(record.Blob.Length + 256);
        EntityRecord.Write(value, record.Flags & RecordFlags.HasParent, record.DiscoveredAtUnixNanos, columns, [], record.Blob);
        return value.WrittenSpan.ToArray();
    }

    /// <summary>True when two stored records have the same blob and, for grants, the same expansion (NULL = empty).</summary>
    private bool SameContent(Keyspace keyspace, KeyValuePair<byte[], byte[]> left, KeyValuePair<byte[], byte[]> right)
    {
        EntityRecord a = ParseRecord(left.Key, left.Value, keyspace);
        EntityRecord b = ParseRecord(right.Key, right.Value, keyspace);
        return a.Blob.SequenceEqual(b.Blob) && (keyspace != Keyspace.Grant || a.Expansion.SequenceEqual(b.Expansion));
    }

    /// <summary>The store a cross-store operation reads: this one when null; another of our stores otherwise.</summary>
    private SyncStore OtherStore(ISyncStore? store) => (object?)store switch
    {
        null => this,
        SyncStore ours => ours,
        _ => throw new ArgumentException("The other store must be a SyncStore of this engine.", nameof(store)),
    };
}
