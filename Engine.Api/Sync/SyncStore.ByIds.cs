using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;
using Google.Protobuf;

namespace Engine.Api.Sync;

/// <summary>
/// The bulk reads by id (shared/spec/baton-storage.md, section 1.8): missing, empty and invalid ids are omitted; one
/// multi-get per call; default sync: the latest finished sync of any type.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The most ids one by-ids request may name.</summary>
    public const int MaxIdsPerRequest = 1024;

    /// <summary>
    /// The resources of the given ids that exist (their stored type must match too), in request order; with no sync
    /// resolved, those of every sync (SQLite's query without a sync filter), sync by sync in creation order.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: more than <see cref="MaxIdsPerRequest"/> ids, a malformed sync override.</exception>
    public IReadOnlyList<Resource> ListResourcesByIds(ListResourcesByIdsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListResourcesByIds, request);
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<ResourceId> ids = request.ResourceIds ?? [];
        CheckIdCount(ids.Count);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestAny);
        List<(string Id, string? Type)> wanted = new(ids.Count);
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (ResourceId? id in ids)
        {
            if (id is { ResourceType.Length: > 0, Resource.Length: > 0 } && seen.Add(ResourceKey(id)))
            {
                wanted.Add((ResourceKey(id), id.ResourceType));
            }
        }

        return GetMany(Keyspace.Resource, sync, wanted, Resource.Parser);
    }

    /// <summary>
    /// The entitlements of the given ids that exist, in request order; with no sync resolved, those of every sync, sync
    /// by sync in creation order.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: more than <see cref="MaxIdsPerRequest"/> ids, a malformed sync override.</exception>
    public IReadOnlyList<Entitlement> ListEntitlementsByIds(ListEntitlementsByIdsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListEntitlementsByIds, request);
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<string> ids = request.EntitlementIds ?? [];
        CheckIdCount(ids.Count);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestAny);
        List<(string Id, string? Type)> wanted = new(ids.Count);
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (string? id in ids)
        {
            if (!string.IsNullOrEmpty(id) && seen.Add(id))
            {
                wanted.Add((id, null));
            }
        }

        return GetMany(Keyspace.Entitlement, sync, wanted, Entitlement.Parser);
    }

    private static void CheckIdCount(int count)
    {
        if (count > MaxIdsPerRequest)
        {
            SyncErrors.InvalidArgument($"{count} ids, more than {MaxIdsPerRequest} per request");
        }
    }

    /// <summary>
    /// The records of <paramref name="wanted"/> (distinct ids, each with the first side column it must have when not
    /// null) in <paramref name="sync"/>, or in every sync when null, read with one multi-get.
    /// </summary>
    private List<T> GetMany<T>(Keyspace keyspace, Ksuid? sync, List<(string Id, string? Type)> wanted, MessageParser<T> parser)
        where T : IMessage<T>
    {
        List<Ksuid> syncs = [];
        if (sync is Ksuid one)
        {
            syncs.Add(one);
        }
        else
        {
            foreach ((Ksuid id, _) in RunsInCreationOrder())
            {
                syncs.Add(id);
            }
        }

        byte[][] keys = new byte[syncs.Count * wanted.Count][];
        using KeyBuilder builder = new();
        for (int s = 0; s < syncs.Count; s++)
        {
            for (int i = 0; i < wanted.Count; i++)
            {
                keys[s * wanted.Count + i] = builder.Begin(keyspace, syncs[s]).Append(wanted[i].Id).ToArray();
            }
        }

        byte[]?[] values = Db.MultiGet(keys);
        List<T> found = [];
        for (int k = 0; k < keys.Length; k++)
        {
            if (values[k] is not { } value)
            {
                continue;
            }

            EntityRecord record = ParseRecord(keys[k], value, keyspace);
            if (wanted[k % wanted.Count].Type is { } type && record.Column(0) != type)
            {
                continue;
            }

            found.Add(ParseBlob(keys[k], record.Blob, parser));
        }

        return SyncTelemetry.Returned(found);
    }
}
