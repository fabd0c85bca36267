using System;
using System.Collections.Generic;
using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>The connector-facing reads (<see cref="ISyncReader"/>), each with its comparison rule.</summary>
public sealed partial class TeeSyncStore
{
    /// <summary>Teed; the whole listing compares as a set (the reference leaves the order unspecified: rowid on SQLite, key order on ours).</summary>
    public Page<ResourceType> ListResourceTypes(ListResourceTypesRequest request) =>
        Paged("ISyncReader.ListResourceTypes", request, static (s, r) => s.ListResourceTypes(r), ListComparison<ResourceType>.Set);

    /// <summary>Teed; compared as a protobuf message, errors by code.</summary>
    public ResourceType GetResourceType(GetResourceTypeRequest request) =>
        Point("ISyncReader.GetResourceType", request, static (s, r) => s.GetResourceType(r));

    /// <summary>
    /// Teed: each page is the primary's, with the primary's token; when the primary's listing ends, the whole listing is
    /// compared as a set with the secondary's whole listing (read with its own tokens and the same page size).
    /// </summary>
    public Page<Resource> ListResources(ListResourcesRequest request) =>
        Paged("ISyncReader.ListResources", request, static (s, r) => s.ListResources(r), ListComparison<Resource>.Set);

    /// <summary>Teed; compared as a protobuf message, errors by code.</summary>
    public Resource GetResource(GetResourceRequest request) =>
        Point("ISyncReader.GetResource", request, static (s, r) => s.GetResource(r));

    /// <summary>Teed; compared as a set (the reference leaves the order unspecified).</summary>
    public IReadOnlyList<Resource> ListResourcesByIds(ListResourcesByIdsRequest request) =>
        Point("ISyncReader.ListResourcesByIds", request, static (s, r) => s.ListResourcesByIds(r), ListComparison<Resource>.Set);

    /// <summary>Teed; the whole listing compares as a set.</summary>
    public Page<Entitlement> ListEntitlements(ListEntitlementsRequest request) =>
        Paged("ISyncReader.ListEntitlements", request, static (s, r) => s.ListEntitlements(r), ListComparison<Entitlement>.Set);

    /// <summary>Teed; the whole listing compares as a set (always empty in both engines).</summary>
    public Page<Entitlement> ListStaticEntitlements(ListEntitlementsRequest request) =>
        Paged("ISyncReader.ListStaticEntitlements", request, static (s, r) => s.ListStaticEntitlements(r), ListComparison<Entitlement>.Set);

    /// <summary>Teed; compared as a protobuf message, errors by code.</summary>
    public Entitlement GetEntitlement(GetEntitlementRequest request) =>
        Point("ISyncReader.GetEntitlement", request, static (s, r) => s.GetEntitlement(r));

    /// <summary>Teed; compared as a set (the reference leaves the order unspecified).</summary>
    public IReadOnlyList<Entitlement> ListEntitlementsByIds(ListEntitlementsByIdsRequest request) =>
        Point("ISyncReader.ListEntitlementsByIds", request, static (s, r) => s.ListEntitlementsByIds(r), ListComparison<Entitlement>.Set);

    /// <summary>Teed; the whole listing compares as a set.</summary>
    public Page<Grant> ListGrants(ListGrantsRequest request) =>
        Paged("ISyncReader.ListGrants", request, static (s, r) => s.ListGrants(r), ListComparison<Grant>.Set);

    /// <summary>Teed; compared as a protobuf message, errors by code.</summary>
    public Grant GetGrant(GetGrantRequest request) =>
        Point("ISyncReader.GetGrant", request, static (s, r) => s.GetGrant(r));

    /// <summary>Teed; the whole listing compares as a set (SQLite: rowid order; ours: principal order).</summary>
    public Page<Grant> ListGrantsForEntitlement(ListGrantsForEntitlementRequest request) =>
        Paged("ISyncReader.ListGrantsForEntitlement", request, static (s, r) => s.ListGrantsForEntitlement(r), ListComparison<Grant>.Set);

    /// <summary>Teed; the whole listing compares as a set.</summary>
    public Page<Grant> ListGrantsForPrincipal(ListGrantsForPrincipalRequest request) =>
        Paged("ISyncReader.ListGrantsForPrincipal", request, static (s, r) => s.ListGrantsForPrincipal(r), ListComparison<Grant>.Set);

    /// <summary>Teed; the whole listing compares as a set.</summary>
    public Page<Grant> ListGrantsForResourceType(ListGrantsForResourceTypeRequest request) =>
        Paged("ISyncReader.ListGrantsForResourceType", request, static (s, r) => s.ListGrantsForResourceType(r), ListComparison<Grant>.Set);

    /// <summary>
    /// Teed; the whole listing compares as a sequence of groups: both engines visit the distinct entitlement ids in
    /// ascending byte order (SQLite's <c>ORDER BY entitlement_id</c>), so the runs of grants of one entitlement come in
    /// the same order, and each run compares as a set (rowid order on SQLite, principal order on ours).
    /// </summary>
    public Page<Grant> ListGrantsForEntitlements(ListGrantsForEntitlementsRequest request) =>
        Paged("ISyncReader.ListGrantsForEntitlements", request, static (s, r) => s.ListGrantsForEntitlements(r), s_grantsByEntitlement);

    /// <summary>Teed; the whole listing compares as a set.</summary>
    public Page<Grant> ListGrantsWithExpansion(ListGrantsRequest request) =>
        Paged("ISyncReader.ListGrantsWithExpansion", request, static (s, r) => s.ListGrantsWithExpansion(r), ListComparison<Grant>.Set);

    /// <summary>Teed; the whole stream compares as a set (SQLite: rowid order).</summary>
    public IEnumerable<Grant> StreamGrants(string syncId, GrantStreamFilter filter) =>
        ReadStream("ISyncReader.StreamGrants", () => $"{TeeText.Of(syncId)}, {filter}", s => s.StreamGrants(syncId, filter), s => s.StreamGrants(ToSecondaryId(syncId), filter), ListComparison<Grant>.Set);

    /// <summary>Teed; the whole stream compares as a set.</summary>
    public IEnumerable<Resource> StreamResources(string syncId, string? resourceTypeId = null) =>
        ReadStream("ISyncReader.StreamResources", () => $"{TeeText.Of(syncId)}, {TeeText.Of(resourceTypeId)}", s => s.StreamResources(syncId, resourceTypeId), s => s.StreamResources(ToSecondaryId(syncId), resourceTypeId), ListComparison<Resource>.Set);

    /// <summary>Teed; the whole stream compares as a set.</summary>
    public IEnumerable<Entitlement> StreamEntitlements(string syncId) =>
        ReadStream("ISyncReader.StreamEntitlements", () => TeeText.Of(syncId), s => s.StreamEntitlements(syncId), s => s.StreamEntitlements(ToSecondaryId(syncId)), ListComparison<Entitlement>.Set);

    /// <summary>Teed: both stores' content types and bytes compare equal; the primary's bytes are returned as a stream.</summary>
    public AssetContent GetAsset(GetAssetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (string contentType, byte[] bytes) = Read(
            "ISyncReader.GetAsset", () => TeeText.Of(request), s => ReadAsset(s, request), s => ReadAsset(s, request), s_assets);
        // The caller owns the content and disposes the stream with it.
#pragma warning disable CA2000
        return new AssetContent(contentType, new TeeBytesStream(bytes));
#pragma warning restore CA2000
    }

    /// <summary>Teed; compared field by field, the stamps within the tolerance, the secondary's ids translated.</summary>
    public SyncRun GetSync(string syncId) =>
        Read("ISyncReader.GetSync", () => TeeText.Of(syncId), s => s.GetSync(syncId), s => s.GetSync(ToSecondaryId(syncId)), SyncRuns, _ids.ToPrimary);

    /// <summary>Teed; the whole listing compares as a sequence (creation order in both engines), ids translated.</summary>
    public Page<SyncRun> ListSyncs(int pageSize, string? pageToken) => ReadPage(
        "ISyncReader.ListSyncs",
        ("ListSyncs", pageSize),
        pageToken,
        () => $"{pageSize}, {TeeText.Of(pageToken)}",
        (s, token) => s.ListSyncs(pageSize, token),
        (s, token) => s.ListSyncs(pageSize, token),
        new ListComparison<SyncRun>(ListOrder.Sequence, TeeEquality.SyncRun(_options.TimestampTolerance)),
        _ids.ToPrimary);

    /// <summary>Teed; compared as <see cref="GetSync"/> (null when none, in both).</summary>
    public SyncRun? GetLatestFinishedSync(SyncType type) =>
        Read("ISyncReader.GetLatestFinishedSync", () => type.ToString(), s => s.GetLatestFinishedSync(type), s => s.GetLatestFinishedSync(type), NullableSyncRuns, r => r is null ? null : _ids.ToPrimary(r));

    /// <summary>Teed; the secondary's id is translated before comparing.</summary>
    public string LatestFinishedSyncId(SyncType type) =>
        Read("ISyncReader.LatestFinishedSyncId", () => type.ToString(), s => s.LatestFinishedSyncId(type), s => s.LatestFinishedSyncId(type), ValueComparison<string>.Default, _ids.ToPrimary);

    /// <summary>Teed; the secondary's id is translated before comparing.</summary>
    public string PreviousSyncId(SyncType type) =>
        Read("ISyncReader.PreviousSyncId", () => type.ToString(), s => s.PreviousSyncId(type), s => s.PreviousSyncId(type), ValueComparison<string>.Default, _ids.ToPrimary);

    /// <summary>Teed; the whole listing compares as a sequence (oldest first in both engines), ids translated, stamps within the tolerance.</summary>
    public Page<SyncRunInfo> ListSyncRuns(int pageSize, string? pageToken) => ReadPage(
        "ISyncReader.ListSyncRuns",
        ("ListSyncRuns", pageSize),
        pageToken,
        () => $"{pageSize}, {TeeText.Of(pageToken)}",
        (s, token) => s.ListSyncRuns(pageSize, token),
        (s, token) => s.ListSyncRuns(pageSize, token),
        new ListComparison<SyncRunInfo>(ListOrder.Sequence, TeeEquality.SyncRunInfo(_options.TimestampTolerance)),
        _ids.ToPrimary);

    private static readonly ListComparison<Grant> s_grantsByEntitlement = new(ListOrder.Groups, groupKey: static g => g.Entitlement?.Id ?? "");

    private static readonly CustomComparison<(string ContentType, byte[] Bytes)> s_assets = new(static (p, s) =>
        p.ContentType != s.ContentType ? $"content type '{p.ContentType}' against '{s.ContentType}'"
        : TeeEquality.Bytes.Equals(p.Bytes, s.Bytes) ? null : $"{p.Bytes.Length} bytes against {s.Bytes.Length}, different content");

    private ValueComparison<SyncRun> SyncRuns => new(TeeEquality.SyncRun(_options.TimestampTolerance));

    private ValueComparison<SyncRun?> NullableSyncRuns => new(TeeEquality.SyncRun(_options.TimestampTolerance)!);

    /// <summary>The secondary's id of a sync id argument (empty stays empty).</summary>
    internal string ToSecondaryId(string syncId) => string.IsNullOrEmpty(syncId) ? syncId : _ids.ToSecondary(syncId);

    /// <summary>A point read: the request's sync translated for the secondary, the answers compared by <paramref name="comparison"/>.</summary>
    private TResult Point<TRequest, TResult>(string method, TRequest request, Func<ISyncStore, TRequest, TResult> call, TeeComparison<TResult>? comparison = null)
        where TRequest : SyncReadRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        TRequest other = _ids.ToSecondary(request);
        return Read(method, () => TeeText.Of(request), s => call(s, request), s => call(s, other), comparison ?? ValueComparison<TResult>.Default);
    }

    /// <summary>A paged read of a listing named by its request: keyed by the request's value without its token.</summary>
    private Page<T> Paged<TRequest, T>(string method, TRequest request, Func<ISyncStore, TRequest, Page<T>> call, TeeComparison<IReadOnlyList<T>> comparison)
        where TRequest : PagedRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        TRequest whole = (TRequest)(request with { PageToken = null });
        TRequest other = _ids.ToSecondary(whole);
        return ReadPage(
            method,
            TeeListingKey.Of(method, whole),
            request.PageToken,
            () => TeeText.Of(request),
            (s, token) => call(s, (TRequest)(whole with { PageToken = token })),
            (s, token) => call(s, (TRequest)(other with { PageToken = token })),
            comparison);
    }

    private static (string ContentType, byte[] Bytes) ReadAsset(ISyncStore store, GetAssetRequest request)
    {
        using AssetContent content = store.GetAsset(request);
        return (content.ContentType, ReadAll(content.Data));
    }
}
