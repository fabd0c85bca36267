using System.Text;
using C1.Connector.V2;
using Engine.Api.Sync.Requests;

namespace Engine.Api.Sync.Telemetry;

/// <summary>
/// Describes what an operation was called with, for a slow-operation report: the sync it names, its filters as
/// <c>name=value</c> pairs, and its page size. Runs only for a slow operation, so it may allocate.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class OperationSubject
{
    /// <summary>Describes <paramref name="subject"/>: a request, a stream filter or a sync id (a string); null names nothing.</summary>
    public static (string SyncId, string Filters, int PageSize) Describe(object? subject)
    {
        StringBuilder filters = new();
        string syncId = subject switch
        {
            string id => id,
            ListResourceTypesRequest r => string.IsNullOrEmpty(r.SyncId) ? r.ActiveSyncId ?? "" : r.SyncId,
            SyncReadRequest r => r.SyncId ?? "",
            _ => "",
        };
        switch (subject)
        {
            case ListResourcesRequest r:
                Add(filters, "resource_type_id", r.ResourceTypeId);
                Add(filters, "parent", r.ParentResourceId);
                break;
            case ListEntitlementsRequest r:
                Add(filters, "resource", r.Resource?.Id);
                break;
            case ListGrantsRequest r:
                Add(filters, "resource", r.Resource?.Id);
                break;
            case ListGrantsForEntitlementRequest r:
                Add(filters, "entitlement_id", r.Entitlement?.Id);
                Add(filters, "principal", r.PrincipalId);
                Add(filters, "principal_resource_type_ids", r.PrincipalResourceTypeIds is { Count: > 0 } types ? string.Join(',', types) : null);
                break;
            case ListGrantsForPrincipalRequest r:
                Add(filters, "principal", r.PrincipalId);
                Add(filters, "entitlement_id", r.Entitlement?.Id);
                break;
            case ListGrantsForResourceTypeRequest r:
                Add(filters, "resource_type_id", r.ResourceTypeId);
                break;
            case ListGrantsForEntitlementsRequest r:
                Add(filters, "entitlements", r.Entitlements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case GetResourceTypeRequest r:
                Add(filters, "resource_type_id", r.ResourceTypeId);
                break;
            case GetResourceRequest r:
                Add(filters, "resource", r.ResourceId);
                break;
            case GetEntitlementRequest r:
                Add(filters, "entitlement_id", r.EntitlementId);
                break;
            case GetGrantRequest r:
                Add(filters, "grant_id", r.GrantId);
                break;
            case ListResourcesByIdsRequest r:
                Add(filters, "resource_ids", r.ResourceIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ListEntitlementsByIdsRequest r:
                Add(filters, "entitlement_ids", r.EntitlementIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case GetAssetRequest r:
                Add(filters, "asset", r.Asset?.Id);
                break;
        }

        return (syncId, filters.ToString(), subject is PagedRequest paged ? paged.PageSize : 0);
    }

    private static void Add(StringBuilder filters, string name, ResourceId? id) =>
        Add(filters, name, id is null || id.Resource.Length == 0 ? null : id.ResourceType + "/" + id.Resource);

    private static void Add(StringBuilder filters, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (filters.Length != 0)
        {
            filters.Append(' ');
        }

        filters.Append(name).Append('=').Append(value);
    }
}
