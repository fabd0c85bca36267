using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The bulk reads by id (shared/spec/baton-storage.md, section 1.8): <c>external_id IN (...)</c> in chunks of 500;
/// missing, empty and invalid ids omitted; default sync: the latest finished of any type.
/// </summary>
public sealed partial class SqliteSyncStore
{
    // The reference's chunk (TestBulkByIdsChunksOverFiveHundred).
    private const int ByIdsChunk = 500;

    /// <summary>The resources of the given ids that exist (their stored type must match too), in table order per chunk.</summary>
    /// <exception cref="StorageException">InvalidArgument: more than 1024 ids, a malformed sync override.</exception>
    public IReadOnlyList<Resource> ListResourcesByIds(ListResourcesByIdsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<ResourceId> ids = request.ResourceIds ?? [];
        CheckIdCount(ids.Count);
        Dictionary<string, string?> wanted = new(StringComparer.Ordinal);
        foreach (ResourceId? id in ids)
        {
            if (id is { ResourceType.Length: > 0, Resource.Length: > 0 })
            {
                wanted.TryAdd(SyncStore.ResourceKey(id), id.ResourceType);
            }
        }

        // "rt:rid" is ambiguous when ids hold ':', so the stored type must match too, as GetResource checks it.
        return GetMany(V1Schema.Resources, request, wanted, Resource.Parser);
    }

    /// <summary>The entitlements of the given ids that exist, in table order per chunk.</summary>
    /// <exception cref="StorageException">InvalidArgument: more than 1024 ids, a malformed sync override.</exception>
    public IReadOnlyList<Entitlement> ListEntitlementsByIds(ListEntitlementsByIdsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<string> ids = request.EntitlementIds ?? [];
        CheckIdCount(ids.Count);
        Dictionary<string, string?> wanted = new(StringComparer.Ordinal);
        foreach (string? id in ids)
        {
            if (!string.IsNullOrEmpty(id))
            {
                wanted.TryAdd(id, null);
            }
        }

        return GetMany(V1Schema.Entitlements, request, wanted, Entitlement.Parser);
    }

    private static void CheckIdCount(int count)
    {
        if (count > SyncStore.MaxIdsPerRequest)
        {
            SyncErrors.InvalidArgument($"{count} ids, more than {SyncStore.MaxIdsPerRequest} per request");
        }
    }

    /// <summary>The rows of the <paramref name="wanted"/> ids (each with the resource type it must have, when not null).</summary>
    private List<T> GetMany<T>(string table, SyncReadRequest request, Dictionary<string, string?> wanted, MessageParser<T> parser)
        where T : IMessage<T>
    {
        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, ReadDefault.LatestAny);
            List<T> found = [];
            List<string> keys = [.. wanted.Keys];
            string typeColumn = table == V1Schema.Resources ? "resource_type_id" : "NULL";
            for (int start = 0; start < keys.Count; start += ByIdsChunk)
            {
                List<string> filters = [];
                List<object?> args = [];
                List<string> chunk = keys.GetRange(start, Math.Min(ByIdsChunk, keys.Count - start));
                AddInFilter(filters, args, "external_id", chunk);
                if (sync is not null)
                {
                    AddFilter(filters, args, "sync_id", sync);
                }

                using SqliteDataReader reader = _sql.Query($"SELECT id, external_id, {typeColumn}, data FROM {table} WHERE {Join(filters)}", args.ToArray());
                while (reader.Read())
                {
                    if (wanted[reader.GetString(1)] is string type && (reader.IsDBNull(2) || reader.GetString(2) != type))
                    {
                        continue;
                    }

                    found.Add(ParseBlob(parser, (byte[])reader.GetValue(3), table, reader.GetInt64(0)));
                }
            }

            return found;
        }
    }
}
