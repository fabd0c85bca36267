using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>
/// The grant listings by entitlement, principal and entitlement resource type (shared/spec/baton-storage.md,
/// section 1.6), in rowid order; default sync: the latest finished full sync.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>False: grants come back in rowid order, not sorted by principal (the reference's SQLite answer).</summary>
    public bool GrantsForEntitlementPrincipalSorted => false;

    /// <summary>One page of one entitlement's grants (matched by id), of one principal and of some principal types when given.</summary>
    /// <exception cref="StorageException">InvalidArgument: no entitlement, a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForEntitlement(ListGrantsForEntitlementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Entitlement is null)
        {
            SyncErrors.InvalidArgument("ListGrantsForEntitlement: missing entitlement");
        }

        List<string> filters = [];
        List<object?> args = [];
        AddFilter(filters, args, "entitlement_id", request.Entitlement.Id);
        if (request.PrincipalId is { } principal)
        {
            AddFilter(filters, args, "principal_resource_type_id", principal.ResourceType);
            AddFilter(filters, args, "principal_resource_id", principal.Resource);
        }

        if (request.PrincipalResourceTypeIds is { Count: > 0 } types)
        {
            AddInFilter(filters, args, "principal_resource_type_id", types);
        }

        return GrantPage(request, filters, args);
    }

    /// <summary>One page of one principal's grants, of one entitlement id when given (an empty id matches nothing).</summary>
    /// <exception cref="StorageException">InvalidArgument: no principal ("missing principal_id"), a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForPrincipal(ListGrantsForPrincipalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PrincipalId is not { Resource.Length: > 0 } principal)
        {
            SyncErrors.InvalidArgument("ListGrantsForPrincipal: missing principal_id");
            return default;
        }

        List<string> filters = [];
        List<object?> args = [];
        AddFilter(filters, args, "principal_resource_type_id", principal.ResourceType);
        AddFilter(filters, args, "principal_resource_id", principal.Resource);
        if (request.Entitlement is { } entitlement)
        {
            if (entitlement.Id.Length == 0)
            {
                lock (_lock)
                {
                    _ = ResolveReadSyncLocked(request, ReadDefault.LatestFull);
                    return new Page<Grant>([], "");
                }
            }

            AddFilter(filters, args, "entitlement_id", entitlement.Id);
        }

        return GrantPage(request, filters, args);
    }

    /// <summary>One page of the grants whose entitlement is on a resource of the type (the reference's SQLite meaning); every grant when empty.</summary>
    public Page<Grant> ListGrantsForResourceType(ListGrantsForResourceTypeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string> filters = [];
        List<object?> args = [];
        if (!string.IsNullOrEmpty(request.ResourceTypeId))
        {
            AddFilter(filters, args, "resource_type_id", request.ResourceTypeId);
        }

        return GrantPage(request, filters, args);
    }

    private Page<Grant> GrantPage(PagedRequest request, List<string> filters, List<object?> args)
    {
        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, ReadDefault.LatestFull);
            return ListPageLocked(V1Schema.Grants, "data", Join(filters), args, sync, request.PageSize, request.PageToken, ReadBlob(V1Schema.Grants, Grant.Parser));
        }
    }
}
