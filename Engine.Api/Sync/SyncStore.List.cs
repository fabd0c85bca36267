using System;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The listings of resource types, resources, entitlements and grants with the reference's filters
/// (shared/spec/baton-storage.md, section 1.6), in key order, default sync: the latest finished full sync.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>One page of resource types; honours <see cref="ListResourceTypesRequest.ActiveSyncId"/>.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token or sync override.</exception>
    public Page<ResourceType> ListResourceTypes(ListResourceTypesRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListResourceTypes, request);
        ArgumentNullException.ThrowIfNull(request);
        SyncReadRequest scope = string.IsNullOrEmpty(request.SyncId) && !string.IsNullOrEmpty(request.ActiveSyncId)
            ? request with { SyncId = request.ActiveSyncId }
            : request;
        Ksuid? sync = ResolveReadSync(scope, ReadDefault.LatestFull);
        return ListPage(new Listing(Keyspace.ResourceType, Keyspace.ResourceType, sync, []), request.PageSize, request.PageToken, ResourceType.Parser);
    }

    /// <summary>
    /// One page of resources: of one type when <see cref="ListResourcesRequest.ResourceTypeId"/> is not empty, under
    /// one parent when <see cref="ListResourcesRequest.ParentResourceId"/> names a resource.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token or sync override.</exception>
    public Page<Resource> ListResources(ListResourcesRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListResources, request);
        ArgumentNullException.ThrowIfNull(request);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        string type = request.ResourceTypeId ?? "";
        ResourceId? parent = request.ParentResourceId;
        if (parent is not null && parent.Resource.Length != 0)
        {
            Listing byParent = new(Keyspace.ResourceByParent, Keyspace.Resource, sync, KeyBuilder.Tuple(parent.ResourceType, parent.Resource));
            if (type.Length == 0)
            {
                return ListPage(byParent, request.PageSize, request.PageToken, Resource.Parser);
            }

            byte[] typeUtf8 = System.Text.Encoding.UTF8.GetBytes(type);
            return ListPage(byParent, request.PageSize, request.PageToken, Resource.Parser, (in EntityRecord r) => r.ColumnUtf8(0).SequenceEqual(typeUtf8));
        }

        Listing listing = type.Length == 0
            ? new Listing(Keyspace.Resource, Keyspace.Resource, sync, [])
            : new Listing(Keyspace.ResourceByType, Keyspace.Resource, sync, KeyBuilder.Tuple(type));
        return ListPage(listing, request.PageSize, request.PageToken, Resource.Parser);
    }

    /// <summary>One page of entitlements, of one resource when <see cref="ListEntitlementsRequest.Resource"/> is set.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token or sync override.</exception>
    public Page<Entitlement> ListEntitlements(ListEntitlementsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListEntitlements, request);
        ArgumentNullException.ThrowIfNull(request);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        if (request.Resource is null)
        {
            return ListPage(new Listing(Keyspace.Entitlement, Keyspace.Entitlement, sync, []), request.PageSize, request.PageToken, Entitlement.Parser);
        }

        // A resource without an id matches nothing, as SQLite's filter on two NULL columns.
        if (request.Resource.Id is not ResourceId id)
        {
            return new Page<Entitlement>([], "");
        }

        Listing byResource = new(Keyspace.EntitlementByResource, Keyspace.Entitlement, sync, KeyBuilder.Tuple(id.ResourceType, id.Resource));
        return ListPage(byResource, request.PageSize, request.PageToken, Entitlement.Parser);
    }

    /// <summary>Always an empty last page, as the reference.</summary>
    public Page<Entitlement> ListStaticEntitlements(ListEntitlementsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListStaticEntitlements, request);
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfClosed();
        return new Page<Entitlement>([], "");
    }

    /// <summary>
    /// One page of grants; with <see cref="ListGrantsRequest.Resource"/>, the grants whose entitlement is on that
    /// resource (never filtered on the principal).
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token or sync override.</exception>
    public Page<Grant> ListGrants(ListGrantsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListGrants, request);
        ArgumentNullException.ThrowIfNull(request);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        return ListPage(GrantListing(sync, request.Resource), request.PageSize, request.PageToken, Grant.Parser);
    }

    /// <summary>The scan of a sync's grants, or of the grants whose entitlement is on <paramref name="resource"/>.</summary>
    private static Listing GrantListing(Ksuid? sync, Resource? resource)
    {
        if (resource is null)
        {
            return new Listing(Keyspace.Grant, Keyspace.Grant, sync, []);
        }

        ResourceId id = resource.Id ?? new ResourceId();
        return new Listing(Keyspace.GrantByEntitlementResource, Keyspace.Grant, sync, KeyBuilder.Tuple(id.ResourceType, id.Resource));
    }
}
