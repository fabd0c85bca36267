using System.Collections.Generic;
using C1.Connector.V2;

namespace Engine.Api.Sync.Requests;

/// <summary>Gets one resource type by id (default sync: the latest finished of any type).</summary>
public sealed record GetResourceTypeRequest : SyncReadRequest
{
    /// <summary>The resource type's id.</summary>
    public required string ResourceTypeId { get; init; }
}

/// <summary>Gets one resource by its id (default sync: the latest finished full sync).</summary>
public sealed record GetResourceRequest : SyncReadRequest
{
    /// <summary>The resource's id (type and resource).</summary>
    public required ResourceId ResourceId { get; init; }
}

/// <summary>Gets one entitlement by id (default sync: the latest finished of any type).</summary>
public sealed record GetEntitlementRequest : SyncReadRequest
{
    /// <summary>The entitlement's id.</summary>
    public required string EntitlementId { get; init; }
}

/// <summary>Gets one grant by id (default sync: the latest finished of any type).</summary>
public sealed record GetGrantRequest : SyncReadRequest
{
    /// <summary>The grant's id.</summary>
    public required string GrantId { get; init; }
}

/// <summary>Gets many resources by id; missing, empty or invalid ids are omitted from the result.</summary>
public sealed record ListResourcesByIdsRequest : SyncReadRequest
{
    /// <summary>The ids to get.</summary>
    public IReadOnlyList<ResourceId> ResourceIds { get; init; } = [];
}

/// <summary>Gets many entitlements by id; missing or empty ids are omitted from the result.</summary>
public sealed record ListEntitlementsByIdsRequest : SyncReadRequest
{
    /// <summary>The ids to get.</summary>
    public IReadOnlyList<string> EntitlementIds { get; init; } = [];
}

/// <summary>
/// Gets an asset: from the current sync when one is bound, else from any sync (the first match), as the reference
/// does.
/// </summary>
public sealed record GetAssetRequest
{
    /// <summary>The asset to get; required.</summary>
    public required AssetRef Asset { get; init; }
}
