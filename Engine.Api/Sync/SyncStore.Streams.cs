using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The streaming readers (shared/spec/baton-storage.md, section 1.8): every matching record of a sync, read lazily in
/// chunks over the listings' scans; an empty sync id resolves as point gets do (the latest finished sync of any type).
/// </summary>
public sealed partial class SyncStore
{
    // Rows read per scan while streaming: enough to amortize a scan's set-up, few enough to keep memory flat.
    private const int StreamChunkRows = 1024;

    /// <summary>
    /// Every grant of the sync matching each filter that is set; with <see cref="GrantStreamFilter.IncludeExpansion"/>
    /// the stored GrantExpandable annotation is put back. The sync is resolved now, the rows are read as enumerated.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed sync id.</exception>
    public IEnumerable<Grant> StreamGrants(string syncId, GrantStreamFilter filter)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.StreamGrants, syncId);
        ArgumentNullException.ThrowIfNull(filter);
        Ksuid? sync = ResolveStreamSync(syncId);
        string entitlement = filter.EntitlementId ?? "";
        string principalType = filter.PrincipalResourceTypeId ?? "";
        string principalId = filter.PrincipalResourceId ?? "";
        byte[]? byEntitlement = Utf8OrNull(entitlement);
        byte[]? byType = Utf8OrNull(principalType);
        byte[]? byId = Utf8OrNull(principalId);
        RecordFilter? all = byEntitlement is null && byType is null && byId is null
            ? null
            : (in EntityRecord record) =>
                ColumnIs(record, EntitlementIdColumn, byEntitlement) && ColumnIs(record, PrincipalTypeColumn, byType) && ColumnIs(record, PrincipalIdColumn, byId);
        Listing listing = GrantStreamListing(sync, entitlement, principalType, principalId);
        return filter.IncludeExpansion
            ? Stream(listing, all, ReadGrantWithExpansion)
            : Stream(listing, all, (in Row row) => ParseBlob(row.PrimaryKey, row.Record.Blob, Grant.Parser));
    }

    /// <summary>Every resource of the sync, of one type when <paramref name="resourceTypeId"/> is not empty.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed sync id.</exception>
    public IEnumerable<Resource> StreamResources(string syncId, string? resourceTypeId = null)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.StreamResources, syncId);
        Ksuid? sync = ResolveStreamSync(syncId);
        Listing listing = string.IsNullOrEmpty(resourceTypeId)
            ? new Listing(Keyspace.Resource, Keyspace.Resource, sync, [])
            : new Listing(Keyspace.ResourceByType, Keyspace.Resource, sync, KeyBuilder.Tuple(resourceTypeId));
        return Stream(listing, null, (in Row row) => ParseBlob(row.PrimaryKey, row.Record.Blob, Resource.Parser));
    }

    /// <summary>Every entitlement of the sync.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed sync id.</exception>
    public IEnumerable<Entitlement> StreamEntitlements(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.StreamEntitlements, syncId);
        Ksuid? sync = ResolveStreamSync(syncId);
        Listing listing = new(Keyspace.Entitlement, Keyspace.Entitlement, sync, []);
        return Stream(listing, null, (in Row row) => ParseBlob(row.PrimaryKey, row.Record.Blob, Entitlement.Parser));
    }

    /// <summary>
    /// The narrowest scan whose leading columns the stream's filters fix: the entitlement index (with the principal's
    /// type and id when given in that order), else the principal index, else every grant.
    /// </summary>
    private static Listing GrantStreamListing(Ksuid? sync, string entitlement, string principalType, string principalId)
    {
        string[] principal = principalType.Length == 0 ? [] : principalId.Length == 0 ? [principalType] : [principalType, principalId];
        if (entitlement.Length != 0)
        {
            return new Listing(Keyspace.GrantByEntitlement, Keyspace.Grant, sync, KeyBuilder.Tuple([entitlement, .. principal]));
        }

        return principal.Length != 0
            ? new Listing(Keyspace.GrantByPrincipal, Keyspace.Grant, sync, KeyBuilder.Tuple(principal))
            : new Listing(Keyspace.Grant, Keyspace.Grant, sync, []);
    }

    private static byte[]? Utf8OrNull(string value) => value.Length == 0 ? null : System.Text.Encoding.UTF8.GetBytes(value);

    /// <summary>True when <paramref name="expected"/> is null or side column <paramref name="column"/> holds exactly it.</summary>
    private static bool ColumnIs(in EntityRecord record, int column, byte[]? expected) =>
        expected is null || record.ColumnUtf8(column).SequenceEqual(expected);

    /// <summary>The sync a stream reads: the named one, or for an empty id the cascade with the latest-of-any-type default.</summary>
    private Ksuid? ResolveStreamSync(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        if (syncId.Length == 0)
        {
            return ResolveReadSync(null, ReadDefault.LatestAny);
        }

        ThrowIfClosed();
        return ParseSyncId(syncId);
    }

    /// <summary>The rows of <paramref name="listing"/>, read page by page as the caller enumerates.</summary>
    private IEnumerable<T> Stream<T>(Listing listing, RecordFilter? filter, RowReader<T> read) =>
        Pages(token => ListPage(listing, StreamChunkRows, token, read, filter));
}
