using System;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>Point gets by id (shared/spec/baton-storage.md, section 1.5); a miss is NotFound.</summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>One resource type by id (default sync: the latest finished of any type).</summary>
    public ResourceType GetResourceType(GetResourceTypeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Get(V1Schema.ResourceTypes, request, ReadDefault.LatestAny, request.ResourceTypeId, "resource type", ResourceType.Parser, null);
    }

    /// <summary>One resource by id (default sync: the latest finished full sync); its stored type must match too.</summary>
    public Resource GetResource(GetResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ResourceId is null)
        {
            SyncErrors.InvalidArgument("GetResource: missing resource_id");
        }

        return Get(V1Schema.Resources, request, ReadDefault.LatestFull, SyncStore.ResourceKey(request.ResourceId), "resource", Resource.Parser, request.ResourceId.ResourceType);
    }

    /// <summary>One entitlement by id (default sync: the latest finished of any type).</summary>
    public Entitlement GetEntitlement(GetEntitlementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Get(V1Schema.Entitlements, request, ReadDefault.LatestAny, request.EntitlementId, "entitlement", Entitlement.Parser, null);
    }

    /// <summary>One grant by id (default sync: the latest finished of any type), without its expansion annotation.</summary>
    public Grant GetGrant(GetGrantRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Get(V1Schema.Grants, request, ReadDefault.LatestAny, request.GrantId, "grant", Grant.Parser, null);
    }

    /// <summary>
    /// The row of <paramref name="id"/> in the resolved sync, or with none resolved the first match in sync creation
    /// order (SQLite's unfiltered point query, made deterministic as our LSM store answers it).
    /// </summary>
    private T Get<T>(string table, SyncReadRequest request, ReadDefault fallback, string id, string what, MessageParser<T> parser, string? resourceType)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, fallback);
            string typeFilter = resourceType is null ? "" : " AND resource_type_id = $2";
            string sql = sync is not null
                ? $"SELECT id, data FROM {table} WHERE external_id = $0 AND sync_id = $1{typeFilter} LIMIT 1"
                : $"SELECT t.id, t.data FROM {table} t JOIN v1_sync_runs r ON r.sync_id = t.sync_id WHERE t.external_id = $0 AND $1 IS NULL{typeFilter} ORDER BY r.id LIMIT 1";
            if (id.Length != 0)
            {
                using SqliteDataReader reader = resourceType is null ? _sql.Query(sql, id, sync) : _sql.Query(sql, id, sync, resourceType);
                if (reader.Read())
                {
                    return ParseBlob(parser, (byte[])reader.GetValue(1), table, reader.GetInt64(0));
                }
            }
        }

        SyncErrors.NotFound($"error fetching {what} '{id}': not found");
        return default;
    }
}
