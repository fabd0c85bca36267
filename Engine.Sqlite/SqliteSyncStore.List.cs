using System;
using System.Collections.Generic;
using System.Text;
using C1.Connector.V2;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The listings with the reference's filters (shared/spec/baton-storage.md, section 1.6), in rowid order; default
/// sync: the latest finished full sync.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>One page of resource types; honours <see cref="ListResourceTypesRequest.ActiveSyncId"/>.</summary>
    public Page<ResourceType> ListResourceTypes(ListResourceTypesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SyncReadRequest scope = string.IsNullOrEmpty(request.SyncId) && !string.IsNullOrEmpty(request.ActiveSyncId)
            ? request with { SyncId = request.ActiveSyncId }
            : request;
        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(scope, ReadDefault.LatestFull);
            return ListPageLocked(V1Schema.ResourceTypes, "data", null, [], sync, request.PageSize, request.PageToken, ReadBlob(V1Schema.ResourceTypes, ResourceType.Parser));
        }
    }

    /// <summary>One page of resources, of one type when given, under one parent when it names a resource.</summary>
    public Page<Resource> ListResources(ListResourcesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string> filters = [];
        List<object?> args = [];
        if (!string.IsNullOrEmpty(request.ResourceTypeId))
        {
            AddFilter(filters, args, "resource_type_id", request.ResourceTypeId);
        }

        if (request.ParentResourceId is { Resource.Length: > 0 } parent)
        {
            AddFilter(filters, args, "parent_resource_type_id", parent.ResourceType);
            AddFilter(filters, args, "parent_resource_id", parent.Resource);
        }

        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, ReadDefault.LatestFull);
            return ListPageLocked(V1Schema.Resources, "data", Join(filters), args, sync, request.PageSize, request.PageToken, ReadBlob(V1Schema.Resources, Resource.Parser));
        }
    }

    /// <summary>One page of entitlements, of one resource when given (a resource without an id matches nothing).</summary>
    public Page<Entitlement> ListEntitlements(ListEntitlementsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string> filters = [];
        List<object?> args = [];
        ResourceId? id = request.Resource?.Id;
        if (id is not null)
        {
            AddFilter(filters, args, "resource_type_id", id.ResourceType);
            AddFilter(filters, args, "resource_id", id.Resource);
        }

        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, ReadDefault.LatestFull);

            // A resource without an id matches nothing, as SQLite's filter on two NULL columns.
            return request.Resource is not null && id is null
                ? new Page<Entitlement>([], "")
                : ListPageLocked(V1Schema.Entitlements, "data", Join(filters), args, sync, request.PageSize, request.PageToken, ReadBlob(V1Schema.Entitlements, Entitlement.Parser));
        }
    }

    /// <summary>Always an empty last page, as the reference.</summary>
    public Page<Entitlement> ListStaticEntitlements(ListEntitlementsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            return new Page<Entitlement>([], "");
        }
    }

    /// <summary>One page of grants; of the entitlements of one resource when given (never filtered on the principal).</summary>
    public Page<Grant> ListGrants(ListGrantsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ListGrantsPage(request, request.Resource, expansion: false);
    }

    /// <summary>ListGrants with the stored GrantExpandable annotation put back into expandable grants.</summary>
    public Page<Grant> ListGrantsWithExpansion(ListGrantsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ListGrantsPage(request, request.Resource, expansion: true);
    }

    private Page<Grant> ListGrantsPage(PagedRequest request, Resource? resource, bool expansion)
    {
        List<string> filters = [];
        List<object?> args = [];
        if (resource is not null)
        {
            ResourceId id = resource.Id ?? new ResourceId();
            AddFilter(filters, args, "resource_type_id", id.ResourceType);
            AddFilter(filters, args, "resource_id", id.Resource);
        }

        lock (_lock)
        {
            string? sync = ResolveReadSyncLocked(request, ReadDefault.LatestFull);
            return expansion
                ? ListPageLocked(V1Schema.Grants, "data, expansion", Join(filters), args, sync, request.PageSize, request.PageToken, ReadGrantWithExpansion)
                : ListPageLocked(V1Schema.Grants, "data", Join(filters), args, sync, request.PageSize, request.PageToken, ReadBlob(V1Schema.Grants, Grant.Parser));
        }
    }

    /// <summary>A reader of column 1 as a message of <paramref name="parser"/>'s type.</summary>
    private RowReader<T> ReadBlob<T>(string table, Google.Protobuf.MessageParser<T> parser)
        where T : Google.Protobuf.IMessage<T> =>
        reader => ParseBlob(parser, (byte[])reader.GetValue(1), table, reader.GetInt64(0));

    /// <summary>A grant (column 1) with its expansion (column 2), when stored, put back as a GrantExpandable annotation.</summary>
    private Grant ReadGrantWithExpansion(SqliteDataReader reader)
    {
        Grant grant = ParseBlob(Grant.Parser, (byte[])reader.GetValue(1), V1Schema.Grants, reader.GetInt64(0));
        if (!reader.IsDBNull(2))
        {
            grant.Annotations.Add(GrantExpansion.Annotation((byte[])reader.GetValue(2)));
        }

        return grant;
    }

    /// <summary>Adds <c>column = $n</c> to the filters.</summary>
    private static void AddFilter(List<string> filters, List<object?> args, string column, object? value)
    {
        filters.Add($"{column} = ${args.Count}");
        args.Add(value);
    }

    /// <summary>Adds <c>column IN ($n, ...)</c> to the filters.</summary>
    private static void AddInFilter(List<string> filters, List<object?> args, string column, IReadOnlyList<string> values)
    {
        StringBuilder list = new();
        foreach (string value in values)
        {
            list.Append(list.Length == 0 ? "" : ", ").Append('$').Append(args.Count);
            args.Add(value);
        }

        filters.Add($"{column} IN ({list})");
    }

    private static string? Join(List<string> filters) => filters.Count == 0 ? null : string.Join(" AND ", filters);
}
