using System;
using System.Buffers.Binary;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Keys;

/// <summary>
/// Prefixes and ranges of the sync store's keys (docs/format/keyspace.md): a keyspace byte, then for sync-scoped
/// keyspaces the sync's 20-byte KSUID, then a tuple (Engine.Core.Encoding.TupleWriter) of the key's columns.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SyncKeys
{
    /// <summary>Bytes of a sync-scoped prefix: the keyspace byte and the sync id.</summary>
    public const int SyncPrefixLength = 1 + Ksuid.ByteLength;

    /// <summary>The largest chunk of an asset's bytes stored as one value.</summary>
    public const int AssetChunkBytes = 1 << 20;

    /// <summary>Every sync-scoped keyspace: deleting a sync deletes its range in each.</summary>
    public static ReadOnlySpan<Keyspace> SyncScoped =>
    [
        Keyspace.SyncRun, Keyspace.ResourceType, Keyspace.Resource, Keyspace.Entitlement, Keyspace.Grant, Keyspace.Asset,
        Keyspace.AssetChunk, Keyspace.Session, Keyspace.IndexesPending, Keyspace.ResourceByType, Keyspace.ResourceByParent,
        Keyspace.EntitlementByResource, Keyspace.GrantByEntitlement, Keyspace.GrantByEntitlementResource,
        Keyspace.GrantByPrincipal, Keyspace.GrantNeedsExpansion,
    ];

    /// <summary>Writes the keyspace byte and the sync id into the first <see cref="SyncPrefixLength"/> bytes.</summary>
    public static void WritePrefix(Span<byte> destination, Keyspace keyspace, Ksuid syncId)
    {
        destination[0] = (byte)keyspace;
        syncId.WriteTo(destination.Slice(1, Ksuid.ByteLength));
    }

    /// <summary>The keyspace byte and the sync id as a new array.</summary>
    public static byte[] Prefix(Keyspace keyspace, Ksuid syncId)
    {
        byte[] prefix = new byte[SyncPrefixLength];
        WritePrefix(prefix, keyspace, syncId);
        return prefix;
    }

    /// <summary>The range of every key of one sync in one keyspace.</summary>
    public static KeyRange SyncRange(Keyspace keyspace, Ksuid syncId) => KeyRange.Prefix(Prefix(keyspace, syncId));

    /// <summary>The range of a whole keyspace (every sync).</summary>
    public static KeyRange KeyspaceRange(Keyspace keyspace) => KeyRange.Prefix([(byte)keyspace]);

    /// <summary>The sync-run record's key: the keyspace byte and the sync id, nothing after.</summary>
    public static byte[] SyncRunKey(Ksuid syncId) => Prefix(Keyspace.SyncRun, syncId);

    /// <summary>The creation-order key of the sync created <paramref name="sequence"/>-th.</summary>
    public static byte[] SyncOrderKey(long sequence)
    {
        byte[] key = new byte[1 + sizeof(long)];
        key[0] = (byte)Keyspace.SyncOrder;
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(1), sequence);
        return key;
    }

    /// <summary>The sync id of a sync-scoped key; false when the key is too short to hold one.</summary>
    public static bool TryReadSyncId(ReadOnlySpan<byte> key, out Ksuid syncId)
    {
        if (key.Length < SyncPrefixLength)
        {
            syncId = default;
            return false;
        }

        syncId = Ksuid.FromBytes(key.Slice(1, Ksuid.ByteLength));
        return true;
    }
}
