using System;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;
using Google.Protobuf;

namespace Engine.Api.Sync;

/// <summary>Point gets by id (shared/spec/baton-storage.md, section 1.5); a miss is NotFound.</summary>
public sealed partial class SyncStore
{
    /// <summary>One resource type by id (default sync: the latest finished of any type).</summary>
    /// <exception cref="StorageException">NotFound; InvalidArgument: a malformed sync override.</exception>
    public ResourceType GetResourceType(GetResourceTypeRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetResourceType, request);
        ArgumentNullException.ThrowIfNull(request);
        return Get(Keyspace.ResourceType, request, ReadDefault.LatestAny, request.ResourceTypeId, "resource type", ResourceType.Parser, null);
    }

    /// <summary>One resource by id (default sync: the latest finished full sync); its stored type must match too.</summary>
    /// <exception cref="StorageException">NotFound; InvalidArgument: no resource id, or a malformed sync override.</exception>
    public Resource GetResource(GetResourceRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetResource, request);
        ArgumentNullException.ThrowIfNull(request);
        if (request.ResourceId is null)
        {
            SyncErrors.InvalidArgument("GetResource: missing resource_id");
        }

        return Get(Keyspace.Resource, request, ReadDefault.LatestFull, ResourceKey(request.ResourceId), "resource", Resource.Parser, request.ResourceId.ResourceType);
    }

    /// <summary>One entitlement by id (default sync: the latest finished of any type).</summary>
    /// <exception cref="StorageException">NotFound; InvalidArgument: a malformed sync override.</exception>
    public Entitlement GetEntitlement(GetEntitlementRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetEntitlement, request);
        ArgumentNullException.ThrowIfNull(request);
        return Get(Keyspace.Entitlement, request, ReadDefault.LatestAny, request.EntitlementId, "entitlement", Entitlement.Parser, null);
    }

    /// <summary>One grant by id (default sync: the latest finished of any type), without its expansion annotation.</summary>
    /// <exception cref="StorageException">NotFound; InvalidArgument: a malformed sync override.</exception>
    public Grant GetGrant(GetGrantRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetGrant, request);
        ArgumentNullException.ThrowIfNull(request);
        return Get(Keyspace.Grant, request, ReadDefault.LatestAny, request.GrantId, "grant", Grant.Parser, null);
    }

    /// <summary>
    /// The record of <paramref name="id"/> in the resolved sync, or with no sync resolved in the first sync (in creation
    /// order) that has one, as SQLite's unfiltered point query.
    /// </summary>
    private T Get<T>(Keyspace keyspace, SyncReadRequest request, ReadDefault fallback, string id, string what, MessageParser<T> parser, string? firstColumn)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(id);
        Ksuid? resolved = ResolveReadSync(request, fallback);
        using KeyBuilder keys = new();
        if (id.Length != 0)
        {
            if (resolved is Ksuid sync)
            {
                if (TryGetRecord(keys.Begin(keyspace, sync).Append(id), parser, firstColumn, out T? found))
                {
                    return found;
                }
            }
            else
            {
                foreach ((Ksuid any, _) in RunsInCreationOrder())
                {
                    if (TryGetRecord(keys.Begin(keyspace, any).Append(id), parser, firstColumn, out T? found))
                    {
                        return found;
                    }
                }
            }
        }

        SyncErrors.NotFound($"error fetching {what} '{id}': not found");
        return default;
    }

    /// <summary>Reads and parses the record under the builder's key; false when absent or its first column differs.</summary>
    private bool TryGetRecord<T>(KeyBuilder key, MessageParser<T> parser, string? firstColumn, out T found)
        where T : IMessage<T>
    {
        found = default!;
        byte[]? value = Db.Get(key.Key);
        if (value is null)
        {
            return false;
        }

        EntityRecord record = ParseRecord(key.Key, value, (Keyspace)key.Key[0]);
        if (firstColumn is not null && (record.ColumnCount == 0 || record.Column(0) != firstColumn))
        {
            return false;
        }

        found = ParseBlob(key.Key, record.Blob, parser);
        return true;
    }

    /// <summary>
    /// The envelope of a stored entity value of <paramref name="keyspace"/>; corruption naming the key when it does not
    /// parse or lacks the side columns of its keyspace.
    /// </summary>
    internal EntityRecord ParseRecord(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, Keyspace keyspace)
    {
        if (!EntityRecord.TryParse(value, out EntityRecord record))
        {
            SyncErrors.CorruptValue(_path, key, "the stored record's envelope does not parse");
        }

        if (!IndexEntries.HasColumnsFor(keyspace, record))
        {
            SyncErrors.CorruptValue(_path, key, $"a {keyspace} record holds {record.ColumnCount} side columns");
        }

        _telemetry.RecordRead(SyncOperations.KindOf(keyspace), value.Length);
        return record;
    }

    /// <summary>The message of a stored blob; corruption naming the key when it does not parse.</summary>
    internal T ParseBlob<T>(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, MessageParser<T> parser)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(blob);
        }
        catch (InvalidProtocolBufferException ex)
        {
            SyncErrors.CorruptValue(_path, key, $"the stored {typeof(T).Name} does not parse", ex);
            return default!;
        }
    }
}
