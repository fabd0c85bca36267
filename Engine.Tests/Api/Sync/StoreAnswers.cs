using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Every answer a store's readers give, for every sync, as lines of text: two stores that answer every reader method
/// the same give equal lines. Reads only (stats of an ended sync may be cached, the same on both sides).
/// </summary>
internal static class StoreAnswers
{
    public static List<string> Of(SyncStore store, IReadOnlyList<string>? assetIds = null)
    {
        List<string> lines = [];
        foreach (SyncRunInfo run in All(token => store.ListSyncRuns(2, token)))
        {
            lines.Add($"run {run.Id} {run.Type} {Ticks(run.StartedAt)} {Ticks(run.EndedAt)} parent={run.ParentSyncId} linked={run.LinkedSyncId} diff={run.SupportsDiff} " +
                $"token={run.SyncToken} stats={run.Stats} verified={(run.IngestInvariantVerification is { } v ? $"{v.Generation}/{string.Join(",", v.Coverage)}/{v.Mode}" : "-")}");
            lines.Add($"get {store.GetSync(run.Id)}");
            SyncLines(store, run.Id, lines);
        }

        lines.AddRange(All(token => store.ListSyncs(3, token)).Select(s => $"sync {s}"));
        foreach (SyncType type in new[] { SyncType.Full, SyncType.Partial, SyncType.Any })
        {
            lines.Add($"latest {type} {store.LatestFinishedSyncId(type)} previous {store.PreviousSyncId(type)} {store.GetLatestFinishedSync(type)}");
        }

        foreach (string id in assetIds ?? [])
        {
            using AssetContent asset = store.GetAsset(new GetAssetRequest { Asset = new AssetRef { Id = id } });
            using MemoryStream bytes = new();
            asset.Data.CopyTo(bytes);
            lines.Add($"asset {id} {asset.ContentType} {Convert.ToHexString(bytes.ToArray())}");
        }

        lines.Add($"indexes clean {store.VerifyIndexes().IsClean}");
        return lines;
    }

    private static void SyncLines(SyncStore store, string syncId, List<string> lines)
    {
        List<ResourceType> types = All(t => store.ListResourceTypes(new ListResourceTypesRequest { SyncId = syncId, PageSize = 3, PageToken = t }));
        List<Resource> resources = All(t => store.ListResources(new ListResourcesRequest { SyncId = syncId, PageSize = 7, PageToken = t }));
        List<Entitlement> entitlements = All(t => store.ListEntitlements(new ListEntitlementsRequest { SyncId = syncId, PageSize = 5, PageToken = t }));
        List<Grant> grants = All(t => store.ListGrants(new ListGrantsRequest { SyncId = syncId, PageSize = 11, PageToken = t }));
        lines.AddRange(types.Select(m => $"rt {m} = {store.GetResourceType(new GetResourceTypeRequest { SyncId = syncId, ResourceTypeId = m.Id })}"));
        lines.AddRange(resources.Select(m => $"r {m} = {store.GetResource(new GetResourceRequest { SyncId = syncId, ResourceId = m.Id })}"));
        lines.AddRange(entitlements.Select(m => $"e {m} = {store.GetEntitlement(new GetEntitlementRequest { SyncId = syncId, EntitlementId = m.Id })}"));
        lines.AddRange(grants.Select(m => $"g {m} = {store.GetGrant(new GetGrantRequest { SyncId = syncId, GrantId = m.Id })}"));
        lines.AddRange(All(t => store.ListGrantsWithExpansion(new ListGrantsRequest { SyncId = syncId, PageSize = 4, PageToken = t })).Select(m => $"gx {m}"));
        lines.AddRange(store.StreamGrants(syncId, new GrantStreamFilter { IncludeExpansion = true }).Select(m => $"sg {m}"));
        // By-ids requests take at most 1024 ids each.
        foreach (ResourceId[] chunk in resources.Select(r => r.Id).Chunk(1000))
        {
            lines.Add($"by ids {string.Join(";", store.ListResourcesByIds(new ListResourcesByIdsRequest { SyncId = syncId, ResourceIds = [.. chunk] }))}");
        }

        foreach (string[] chunk in entitlements.Select(e => e.Id).Chunk(1000))
        {
            lines.Add($"by ids {string.Join(";", store.ListEntitlementsByIds(new ListEntitlementsByIdsRequest { SyncId = syncId, EntitlementIds = [.. chunk] }))}");
        }
        foreach (ResourceType type in types)
        {
            lines.AddRange(All(t => store.ListResources(new ListResourcesRequest { SyncId = syncId, ResourceTypeId = type.Id, PageToken = t })).Select(m => $"r/{type.Id} {m.Id}"));
            lines.AddRange(All(t => store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { SyncId = syncId, ResourceTypeId = type.Id, PageToken = t }))
                .Select(m => $"g/{type.Id} {m.Id}"));
        }

        foreach (Resource resource in resources)
        {
            lines.AddRange(All(t => store.ListEntitlements(new ListEntitlementsRequest { SyncId = syncId, Resource = resource, PageToken = t })).Select(m => $"e/{resource.Id} {m.Id}"));
            lines.AddRange(All(t => store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { SyncId = syncId, PrincipalId = resource.Id, PageToken = t }))
                .Select(m => $"g/p {resource.Id} {m.Id}"));
        }

        foreach (Entitlement entitlement in entitlements)
        {
            lines.AddRange(All(t => store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { SyncId = syncId, Entitlement = entitlement, PageToken = t }))
                .Select(m => $"g/e {entitlement.Id} {m.Id}"));
        }

        lines.Add($"stats {string.Join(",", store.Stats(SyncType.Any, syncId).OrderBy(p => p.Key, StringComparer.Ordinal))}");
        lines.Add($"statsV2 {store.StatsV2(SyncType.Any, syncId)}");
        lines.Add($"grant stats {string.Join(",", store.GrantStats(SyncType.Any, syncId).OrderBy(p => p.Key, StringComparer.Ordinal))}");
        lines.AddRange(All(t => store.Sessions.GetAll(new SessionScope(syncId), t)).Select(p => $"session {p.Key} {Convert.ToHexString(p.Value)}"));
    }

    /// <summary>Every item of a paginated listing, page by page.</summary>
    public static List<T> All<T>(Func<string?, Page<T>> page)
    {
        List<T> items = [];
        string? token = null;
        do
        {
            Page<T> next = page(token);
            items.AddRange(next.Items);
            token = next.NextPageToken;
        }
        while (token.Length != 0);
        return items;
    }

    private static string Ticks(DateTimeOffset? at) => at is { } value ? value.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
}
