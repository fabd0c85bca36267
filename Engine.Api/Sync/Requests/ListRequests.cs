using System.Collections.Generic;
using C1.Connector.V2;

namespace Engine.Api.Sync.Requests;

/// <summary>Lists the resource types of a sync; the only listing that honours <see cref="ActiveSyncId"/>.</summary>
public sealed record ListResourceTypesRequest : PagedRequest
{
    /// <summary>The sync to read, as a SyncDetails annotation would name it; null or empty for none.</summary>
    public string? ActiveSyncId { get; init; }
}

/// <summary>Lists resources, optionally of one type and under one parent.</summary>
public sealed record ListResourcesRequest : PagedRequest
{
    /// <summary>Only resources of this type, when not empty.</summary>
    public string? ResourceTypeId { get; init; }

    /// <summary>Only children of this resource, when its <c>resource</c> is not empty.</summary>
    public ResourceId? ParentResourceId { get; init; }
}

/// <summary>Lists entitlements, optionally of one resource.</summary>
public sealed record ListEntitlementsRequest : PagedRequest
{
    /// <summary>Only this resource's entitlements when not null; a resource without an id matches nothing.</summary>
    public Resource? Resource { get; init; }
}

/// <summary>Lists grants, optionally of the entitlements of one resource (never filtered on the principal).</summary>
public sealed record ListGrantsRequest : PagedRequest
{
    /// <summary>Only grants whose entitlement is on this resource, when not null.</summary>
    public Resource? Resource { get; init; }
}

/// <summary>Lists the grants of one entitlement, matched by its id alone.</summary>
public sealed record ListGrantsForEntitlementRequest : PagedRequest
{
    /// <summary>The entitlement; required.</summary>
    public required Entitlement Entitlement { get; init; }

    /// <summary>Only this principal's grants, when not null (deprecated upstream, still honoured).</summary>
    public ResourceId? PrincipalId { get; init; }

    /// <summary>Only principals of these types, when not empty (deprecated upstream, still honoured).</summary>
    public IReadOnlyList<string>? PrincipalResourceTypeIds { get; init; }
}

/// <summary>Lists the grants of one principal, optionally of one entitlement.</summary>
public sealed record ListGrantsForPrincipalRequest : PagedRequest
{
    /// <summary>The principal; required, with a non-empty <c>resource</c>.</summary>
    public ResourceId? PrincipalId { get; init; }

    /// <summary>Only grants of this entitlement's id, when not null; one with an empty id matches nothing.</summary>
    public Entitlement? Entitlement { get; init; }
}

/// <summary>Lists the grants whose entitlement is on a resource of one type (empty: every grant).</summary>
public sealed record ListGrantsForResourceTypeRequest : PagedRequest
{
    /// <summary>The entitlement's resource type; empty for every grant.</summary>
    public string ResourceTypeId { get; init; } = "";
}

/// <summary>
/// Lists the grants of up to 128 entitlements, flattened, with a cursor that restarts from the beginning when the list
/// of entitlements changes between pages.
/// </summary>
public sealed record ListGrantsForEntitlementsRequest : PagedRequest
{
    /// <summary>The entitlements, by id; an empty list gives an empty page.</summary>
    public IReadOnlyList<Entitlement> Entitlements { get; init; } = [];
}
