using System;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The one definition of which index entries a stored record calls for (docs/format/keyspace.md): derived from its
/// side columns and flags, never from its blob, so an upsert that keeps the side columns keeps the entries.
/// Used to write them, delete them and verify them.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class IndexEntries
{
    /// <summary>Which index entries a record can have, by its primary keyspace.</summary>
    public static ReadOnlySpan<Keyspace> Of(Keyspace primary) => primary switch
    {
        Keyspace.Resource => [Keyspace.ResourceByType, Keyspace.ResourceByParent],
        Keyspace.Entitlement => [Keyspace.EntitlementByResource],
        Keyspace.Grant => [Keyspace.GrantByEntitlement, Keyspace.GrantByEntitlementResource, Keyspace.GrantByPrincipal, Keyspace.GrantNeedsExpansion],
        _ => [],
    };

    /// <summary>The primary keyspace whose records an index names.</summary>
    public static Keyspace PrimaryOf(Keyspace index) => index switch
    {
        Keyspace.ResourceByType or Keyspace.ResourceByParent => Keyspace.Resource,
        Keyspace.EntitlementByResource => Keyspace.Entitlement,
        _ => Keyspace.Grant,
    };

    /// <summary>
    /// Builds into <paramref name="keys"/> the key of <paramref name="index"/> that <paramref name="record"/> (id
    /// <paramref name="encodedId"/>, a tuple element) calls for; false when it calls for none in that index.
    /// </summary>
    public static bool TryBuild(KeyBuilder keys, Keyspace index, Ksuid sync, ReadOnlySpan<byte> encodedId, in EntityRecord record)
    {
        switch (index)
        {
            case Keyspace.ResourceByType:
                keys.Begin(index, sync).AppendUtf8(record.ColumnUtf8(0));
                break;
            case Keyspace.ResourceByParent:
                if ((record.Flags & RecordFlags.HasParent) == 0)
                {
                    return false;
                }

                keys.Begin(index, sync).AppendUtf8(record.ColumnUtf8(1)).AppendUtf8(record.ColumnUtf8(2));
                break;
            case Keyspace.EntitlementByResource:
                keys.Begin(index, sync).AppendUtf8(record.ColumnUtf8(0)).AppendUtf8(record.ColumnUtf8(1));
                break;
            case Keyspace.GrantByEntitlement:
                keys.Begin(index, sync).AppendUtf8(record.ColumnUtf8(2)).AppendUtf8(record.ColumnUtf8(3)).AppendUtf8(record.ColumnUtf8(4));
                break;
            case Keyspace.GrantByEntitlementResource:
                keys.Begin(index, sync).AppendUtf8(record.ColumnUtf8(0)).AppendUtf8(record.ColumnUtf8(1));
                break;
            case Keyspace.GrantByPrincipal:
                keys.Begin(index, sync).AppendUtf8(record.ColumnUtf8(3)).AppendUtf8(record.ColumnUtf8(4));
                break;
            case Keyspace.GrantNeedsExpansion:
                if ((record.Flags & RecordFlags.NeedsExpansion) == 0)
                {
                    return false;
                }

                keys.Begin(index, sync);
                break;
            default:
                return false;
        }

        keys.AppendEncoded(encodedId);
        return true;
    }

    /// <summary>Adds to <paramref name="batch"/> a put (or, with <paramref name="remove"/>, a delete) of every entry the record calls for.</summary>
    public static void Write(WriteBatch batch, KeyBuilder keys, Keyspace primary, Ksuid sync, ReadOnlySpan<byte> encodedId, in EntityRecord record, bool remove = false)
    {
        foreach (Keyspace index in Of(primary))
        {
            if (!TryBuild(keys, index, sync, encodedId, record))
            {
                continue;
            }

            if (remove)
            {
                batch.Delete(keys.Key);
            }
            else
            {
                batch.Put(keys.Key, []);
            }
        }
    }

    /// <summary>Adds to <paramref name="pending"/> every entry the record calls for.</summary>
    public static void HoldBack(PendingIndexes pending, KeyBuilder keys, Keyspace primary, Ksuid sync, ReadOnlySpan<byte> encodedId, in EntityRecord record)
    {
        foreach (Keyspace index in Of(primary))
        {
            if (TryBuild(keys, index, sync, encodedId, record))
            {
                pending.Add(keys.Key);
            }
        }
    }

    /// <summary>True when <paramref name="record"/> has the side columns its keyspace's records carry.</summary>
    public static bool HasColumnsFor(Keyspace primary, in EntityRecord record) => record.ColumnCount == primary switch
    {
        Keyspace.Resource => 3,
        Keyspace.Entitlement => 2,
        Keyspace.Grant => EntityRecord.MaxColumns,
        _ => 0,
    };
}
