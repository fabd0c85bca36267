using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>
/// The streaming readers (shared/spec/baton-storage.md, section 1.8): every matching row of a sync in rowid order, read
/// lazily page by page; an empty sync id resolves as point gets do (the latest finished sync of any type).
/// </summary>
public sealed partial class SqliteSyncStore
{
    // Rows read per query while streaming: enough to amortize a query, few enough to keep memory flat.
    private const int StreamChunkRows = 1024;

    /// <summary>Every grant of the sync matching each filter that is set; with IncludeExpansion the GrantExpandable is put back.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed sync id.</exception>
    public IEnumerable<Grant> StreamGrants(string syncId, GrantStreamFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string? sync = ResolveStreamSync(syncId);
        List<string> filters = [];
        List<object?> args = [];
        if (!string.IsNullOrEmpty(filter.EntitlementId))
        {
            AddFilter(filters, args, "entitlement_id", filter.EntitlementId);
        }

        if (!string.IsNullOrEmpty(filter.PrincipalResourceTypeId))
        {
            AddFilter(filters, args, "principal_resource_type_id", filter.PrincipalResourceTypeId);
        }

        if (!string.IsNullOrEmpty(filter.PrincipalResourceId))
        {
            AddFilter(filters, args, "principal_resource_id", filter.PrincipalResourceId);
        }

        string? where = Join(filters);
        object?[] fixedArgs = args.ToArray();
        return filter.IncludeExpansion
            ? Stream(token => ListPageLocked(V1Schema.Grants, "data, expansion", where, [.. fixedArgs], sync, StreamChunkRows, token, ReadGrantWithExpansion))
            : Stream(token => ListPageLocked(V1Schema.Grants, "data", where, [.. fixedArgs], sync, StreamChunkRows, token, ReadBlob(V1Schema.Grants, Grant.Parser)));
    }

    /// <summary>Every resource of the sync, of one type when given.</summary>
    public IEnumerable<Resource> StreamResources(string syncId, string? resourceTypeId = null)
    {
        string? sync = ResolveStreamSync(syncId);
        string? where = string.IsNullOrEmpty(resourceTypeId) ? null : "resource_type_id = $0";
        return Stream(token => ListPageLocked(
            V1Schema.Resources, "data", where, where is null ? [] : [resourceTypeId], sync, StreamChunkRows, token, ReadBlob(V1Schema.Resources, Resource.Parser)));
    }

    /// <summary>Every entitlement of the sync.</summary>
    public IEnumerable<Entitlement> StreamEntitlements(string syncId)
    {
        string? sync = ResolveStreamSync(syncId);
        return Stream(token => ListPageLocked(V1Schema.Entitlements, "data", null, [], sync, StreamChunkRows, token, ReadBlob(V1Schema.Entitlements, Entitlement.Parser)));
    }

    /// <summary>The sync a stream reads: the named one, or for an empty id the cascade with the latest-of-any-type default.</summary>
    private string? ResolveStreamSync(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            if (syncId.Length == 0)
            {
                return ResolveReadSyncLocked(null, ReadDefault.LatestAny);
            }

            ThrowIfClosedLocked();
            return CheckSyncId(syncId);
        }
    }

    /// <summary>The rows of a listing, each page read under the lock as the caller enumerates.</summary>
    private IEnumerable<T> Stream<T>(Func<string, Page<T>> page) =>
        Pages(token =>
        {
            lock (_lock)
            {
                ThrowIfClosedLocked();
                return page(token);
            }
        });
}
