using System.Collections.Generic;
using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync;

/// <summary>
/// The reads a connector-facing caller makes (the reference's <c>connectorstore.Reader</c>), with the semantics of
/// shared/spec/baton-storage.md, sections 1.2 and 1.5 to 1.10.
/// </summary>
/// <remarks>
/// Each read resolves its sync by the cascade of <see cref="SyncReadRequest"/>. A point get that finds nothing throws
/// <see cref="StorageException"/> with <see cref="StorageErrorCode.NotFound"/>. Listings return rows in key order; a
/// listing visits every row exactly once across its pages.
/// </remarks>
public interface ISyncReader
{
    /// <summary>One page of resource types (the only listing honouring <see cref="ListResourceTypesRequest.ActiveSyncId"/>).</summary>
    Page<ResourceType> ListResourceTypes(ListResourceTypesRequest request);

    /// <summary>One resource type by id.</summary>
    ResourceType GetResourceType(GetResourceTypeRequest request);

    /// <summary>One page of resources, filtered by type and parent when given.</summary>
    Page<Resource> ListResources(ListResourcesRequest request);

    /// <summary>One resource by id; its stored resource type must match too.</summary>
    Resource GetResource(GetResourceRequest request);

    /// <summary>The resources of the given ids that exist, in no particular order.</summary>
    IReadOnlyList<Resource> ListResourcesByIds(ListResourcesByIdsRequest request);

    /// <summary>One page of entitlements, of one resource when given.</summary>
    Page<Entitlement> ListEntitlements(ListEntitlementsRequest request);

    /// <summary>Always an empty last page, as the reference.</summary>
    Page<Entitlement> ListStaticEntitlements(ListEntitlementsRequest request);

    /// <summary>One entitlement by id.</summary>
    Entitlement GetEntitlement(GetEntitlementRequest request);

    /// <summary>The entitlements of the given ids that exist, in no particular order.</summary>
    IReadOnlyList<Entitlement> ListEntitlementsByIds(ListEntitlementsByIdsRequest request);

    /// <summary>One page of grants, of the entitlements of one resource when given.</summary>
    Page<Grant> ListGrants(ListGrantsRequest request);

    /// <summary>One grant by id.</summary>
    Grant GetGrant(GetGrantRequest request);

    /// <summary>One page of one entitlement's grants.</summary>
    Page<Grant> ListGrantsForEntitlement(ListGrantsForEntitlementRequest request);

    /// <summary>One page of one principal's grants; a missing principal is InvalidArgument ("missing principal_id").</summary>
    Page<Grant> ListGrantsForPrincipal(ListGrantsForPrincipalRequest request);

    /// <summary>One page of the grants whose entitlement is on a resource of the given type.</summary>
    Page<Grant> ListGrantsForResourceType(ListGrantsForResourceTypeRequest request);

    /// <summary>One page of the grants of several entitlements, with the reference's checksum-restart cursor.</summary>
    Page<Grant> ListGrantsForEntitlements(ListGrantsForEntitlementsRequest request);

    /// <summary>ListGrants with the stored <c>GrantExpandable</c> annotation put back into expandable grants.</summary>
    Page<Grant> ListGrantsWithExpansion(ListGrantsRequest request);

    /// <summary>Every grant of a sync matching the filter (<paramref name="syncId"/> empty: resolved as point gets are).</summary>
    IEnumerable<Grant> StreamGrants(string syncId, GrantStreamFilter filter);

    /// <summary>Every resource of a sync, optionally of one type.</summary>
    IEnumerable<Resource> StreamResources(string syncId, string? resourceTypeId = null);

    /// <summary>Every entitlement of a sync.</summary>
    IEnumerable<Entitlement> StreamEntitlements(string syncId);

    /// <summary>True only when each entitlement's grants come back sorted by principal (ours: true, from its index order).</summary>
    bool GrantsForEntitlementPrincipalSorted { get; }

    /// <summary>The asset's content type and bytes; NotFound when missing.</summary>
    AssetContent GetAsset(GetAssetRequest request);

    /// <summary>The sync run with its stats (computed when not cached); NotFound when missing.</summary>
    SyncRun GetSync(string syncId);

    /// <summary>The sync runs in creation order, without stats.</summary>
    Page<SyncRun> ListSyncs(int pageSize, string? pageToken);

    /// <summary>The latest finished sync of the type with its stats, or null when none.</summary>
    SyncRun? GetLatestFinishedSync(SyncType type);

    /// <summary>The id of the latest finished sync of the type (ended_at, then id, descending), or empty when none.</summary>
    string LatestFinishedSyncId(SyncType type);

    /// <summary>The id of the second-latest finished sync of the type, or empty when none.</summary>
    string PreviousSyncId(SyncType type);

    /// <summary>Every sync run with everything the store keeps about it, oldest first.</summary>
    Page<SyncRunInfo> ListSyncRuns(int pageSize, string? pageToken);

    /// <summary>The engine, format and payload encoding; no I/O.</summary>
    StoreMetadata Metadata { get; }
}
