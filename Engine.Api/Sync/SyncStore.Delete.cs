using System;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
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
        ArgumentNullException.ThrowIfNull(grantId);
        Ksuid sync = RequireWriteSync();
        if (grantId.Length == 0)
        {
            return;
        }

        using KeyBuilder keys = new();
        byte[] key = keys.Begin(Keyspace.Grant, sync).Append(grantId).ToArray();
        byte[]? value = _db.Get(key);
        if (value is null)
        {
            return;
        }

        EntityRecord record = ParseRecord(key, value);
        if (record.ColumnCount != EntityRecord.MaxColumns)
        {
            Store.SyncErrors.CorruptValue(_path, key, $"a grant record holds {record.ColumnCount} side columns, not {EntityRecord.MaxColumns}");
        }

        string entRt = record.Column(0);
        string entRid = record.Column(1);
        string entitlementId = record.Column(2);
        string principalRt = record.Column(3);
        string principalId = record.Column(4);
        using WriteBatch batch = new();
        batch.Delete(key);
        batch.Delete(keys.Begin(Keyspace.GrantByEntitlement, sync).Append(entitlementId).Append(principalRt).Append(principalId).Append(grantId).Key);
        batch.Delete(keys.Begin(Keyspace.GrantByEntitlementResource, sync).Append(entRt).Append(entRid).Append(grantId).Key);
        batch.Delete(keys.Begin(Keyspace.GrantByPrincipal, sync).Append(principalRt).Append(principalId).Append(grantId).Key);
        if ((record.Flags & RecordFlags.NeedsExpansion) != 0)
        {
            batch.Delete(keys.Begin(Keyspace.GrantNeedsExpansion, sync).Append(grantId).Key);
        }

        _db.Write(batch);
        MarkDirty();
    }
}
