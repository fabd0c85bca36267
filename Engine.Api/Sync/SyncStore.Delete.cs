using System;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>Deleting a grant of the current sync, with its index entries.</summary>
public sealed partial class SyncStore
{
    /// <summary>
    /// Deletes the current sync's grant of this id and its index entries, atomically; a missing grant is not an error.
    /// </summary>
    /// <remarks>
    /// Unlike the reference, which leaves its dirty flag alone here (so a packed file closed right after would lose the
    /// deletion), this marks the store dirty.
    /// </remarks>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync.</exception>
    public void DeleteGrant(string grantId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.DeleteGrant);
        ArgumentNullException.ThrowIfNull(grantId);
        Ksuid sync = RequireWriteSync();
        if (grantId.Length == 0)
        {
            return;
        }

        using KeyBuilder keys = new();
        byte[] key = keys.Begin(Keyspace.Grant, sync).Append(grantId).ToArray();
        byte[]? value = Db.Get(key);
        if (value is null)
        {
            return;
        }

        EntityRecord record = ParseRecord(key, value, Keyspace.Grant);
        using WriteBatch batch = new();
        batch.Delete(key);
        IndexEntries.Write(batch, keys, Keyspace.Grant, sync, key.AsSpan(SyncKeys.SyncPrefixLength), record, remove: true);
        Db.Write(batch);
        FreshCountsOf(sync)?.Remove(Keyspace.Grant, record.Column(0));
        MarkDirty();
    }
}
