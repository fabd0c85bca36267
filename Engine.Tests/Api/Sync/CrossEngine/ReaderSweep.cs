using C1.C1Z.V1;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// Calls every reader method of ISyncReader, IGrantStore, ISyncMeta and ISessionStore with every filter and page sizes
/// 0, 1, 2, 7 and 10000, for the default cascade, each sync (named by id or by a SyncDetails annotation), a missing sync
/// and a malformed id, plus missing ids and wrong types. Meant to run through a tee that throws on a divergence: an
/// expected error is compared by the tee and swallowed here, a divergence propagates.
/// </summary>
internal sealed class ReaderSweep(ISyncStore store, DatasetFacts facts, Random random, bool everyPageSize = true)
{
    private static readonly int[] s_pageSizes = [0, 1, 2, 7, 10_000];
    private static readonly SyncType[] s_types = [SyncType.Any, SyncType.Full, SyncType.Partial, SyncType.ResourcesOnly, SyncType.PartialUpserts];

    /// <summary>The calls made, for the test's output.</summary>
    public int Calls { get; private set; }

    public void Run()
    {
        string missing = Engine.Core.Identifiers.Ksuid.NewKsuid(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToString();
        List<(string? Id, bool AsAnnotation)> syncs = [(null, false), (missing, false), ("not-a-sync-id", false)];
        syncs.AddRange(facts.SyncIds.Select(id => ((string?)id, random.Next(3) == 0)));
        foreach ((string? id, bool asAnnotation) in syncs)
        {
            Listings(id, asAnnotation);
            PointReads(id);
            Streams(id ?? "");
        }

        SyncReads(missing);
        Meta(missing);
        GrantStore();
        Sessions(missing);
        foreach (string asset in facts.AssetIds.Append("no-such-asset"))
        {
            Try(() => store.GetAsset(new GetAssetRequest { Asset = new AssetRef { Id = asset } }).Dispose());
        }

        Try(() => store.CurrentSyncStep());
        Try(() => store.IsDirty);
    }

    private void Listings(string? sync, bool asAnnotation)
    {
        T On<T>(T request)
            where T : SyncReadRequest => sync is null ? request : asAnnotation
                ? request with { Annotations = [Any.Pack(new SyncDetails { Id = sync })] }
                : request with { SyncId = sync };

        Resource group = Pick(facts.Resources.Where(r => r.Id.ResourceType == "group"));
        Resource app = Pick(facts.Resources.Where(r => r.Id.ResourceType == "app"));
        Resource principal = Pick(facts.Resources.Where(r => r.Id.ResourceType != "app"));
        Entitlement entitlement = Pick(facts.Entitlements);
        foreach (int size in PageSizes())
        {
            Pages(t => store.ListResourceTypes(On(new ListResourceTypesRequest { PageSize = size, PageToken = t })));
            Pages(t => store.ListResourceTypes(new ListResourceTypesRequest { PageSize = size, PageToken = t, ActiveSyncId = sync }));
            Pages(t => store.ListResources(On(new ListResourcesRequest { PageSize = size, PageToken = t })));
            foreach (string type in facts.ResourceTypeIds.Append("").Append("nope"))
            {
                Pages(t => store.ListResources(On(new ListResourcesRequest { PageSize = size, PageToken = t, ResourceTypeId = type })));
            }

            Pages(t => store.ListResources(On(new ListResourcesRequest { PageSize = size, PageToken = t, ParentResourceId = group.Id })));
            Pages(t => store.ListResources(On(new ListResourcesRequest { PageSize = size, PageToken = t, ResourceTypeId = "app", ParentResourceId = group.Id })));
            Pages(t => store.ListResources(On(new ListResourcesRequest { PageSize = size, PageToken = t, ParentResourceId = new ResourceId { ResourceType = "group" } })));
            Pages(t => store.ListEntitlements(On(new ListEntitlementsRequest { PageSize = size, PageToken = t })));
            Pages(t => store.ListEntitlements(On(new ListEntitlementsRequest { PageSize = size, PageToken = t, Resource = app })));
            Pages(t => store.ListEntitlements(On(new ListEntitlementsRequest { PageSize = size, PageToken = t, Resource = new Resource() })));
            Pages(t => store.ListStaticEntitlements(On(new ListEntitlementsRequest { PageSize = size, PageToken = t })));
            Pages(t => store.ListGrants(On(new ListGrantsRequest { PageSize = size, PageToken = t })));
            Pages(t => store.ListGrants(On(new ListGrantsRequest { PageSize = size, PageToken = t, Resource = app })));
            Pages(t => store.ListGrantsWithExpansion(On(new ListGrantsRequest { PageSize = size, PageToken = t })));
            Pages(t => store.ListGrantsWithExpansion(On(new ListGrantsRequest { PageSize = size, PageToken = t, Resource = group })));
            Pages(t => store.ListGrantsForEntitlement(On(new ListGrantsForEntitlementRequest { PageSize = size, PageToken = t, Entitlement = entitlement })));
            Pages(t => store.ListGrantsForEntitlement(On(new ListGrantsForEntitlementRequest { PageSize = size, PageToken = t, Entitlement = entitlement, PrincipalId = principal.Id })));
            Pages(t => store.ListGrantsForEntitlement(On(new ListGrantsForEntitlementRequest { PageSize = size, PageToken = t, Entitlement = entitlement, PrincipalResourceTypeIds = ["user", "group"] })));
            Pages(t => store.ListGrantsForPrincipal(On(new ListGrantsForPrincipalRequest { PageSize = size, PageToken = t, PrincipalId = principal.Id })));
            Pages(t => store.ListGrantsForPrincipal(On(new ListGrantsForPrincipalRequest { PageSize = size, PageToken = t, PrincipalId = principal.Id, Entitlement = entitlement })));
            Pages(t => store.ListGrantsForPrincipal(On(new ListGrantsForPrincipalRequest { PageSize = size, PageToken = t, PrincipalId = principal.Id, Entitlement = new Entitlement() })));
            Pages(t => store.ListGrantsForPrincipal(On(new ListGrantsForPrincipalRequest { PageSize = size, PageToken = t })));
            foreach (string type in new[] { "", "group", "app", "nope" })
            {
                Pages(t => store.ListGrantsForResourceType(On(new ListGrantsForResourceTypeRequest { PageSize = size, PageToken = t, ResourceTypeId = type })));
            }

            List<Entitlement> several = [.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => Pick(facts.Entitlements))];
            Pages(t => store.ListGrantsForEntitlements(On(new ListGrantsForEntitlementsRequest { PageSize = size, PageToken = t, Entitlements = several })));
        }

        Try(() => Pages(t => store.ListResources(On(new ListResourcesRequest { PageToken = "not a token" }))));
    }

    private void PointReads(string? sync)
    {
        T On<T>(T request)
            where T : SyncReadRequest => sync is null ? request : request with { SyncId = sync };

        foreach (string type in facts.ResourceTypeIds.Append("nope"))
        {
            Try(() => store.GetResourceType(On(new GetResourceTypeRequest { ResourceTypeId = type })));
        }

        foreach (Resource resource in Sample(facts.Resources, 6))
        {
            Try(() => store.GetResource(On(new GetResourceRequest { ResourceId = resource.Id })));
            Try(() => store.GetResource(On(new GetResourceRequest { ResourceId = new ResourceId { ResourceType = "app", Resource = resource.Id.Resource } })));
        }

        Try(() => store.GetResource(On(new GetResourceRequest { ResourceId = new ResourceId { ResourceType = "user", Resource = "missing" } })));
        foreach (Entitlement entitlement in Sample(facts.Entitlements, 4).Append(new Entitlement { Id = "missing" }))
        {
            Try(() => store.GetEntitlement(On(new GetEntitlementRequest { EntitlementId = entitlement.Id })));
        }

        foreach (Grant grant in Sample(facts.Grants, 6).Append(new Grant { Id = "missing" }))
        {
            Try(() => store.GetGrant(On(new GetGrantRequest { GrantId = grant.Id })));
        }

        List<ResourceId> resourceIds = [.. Sample(facts.Resources, 8).Select(r => r.Id), new ResourceId { ResourceType = "user", Resource = "missing" }, new ResourceId()];
        Try(() => store.ListResourcesByIds(On(new ListResourcesByIdsRequest { ResourceIds = resourceIds })));
        List<string> entitlementIds = [.. Sample(facts.Entitlements, 8).Select(e => e.Id), "missing", ""];
        Try(() => store.ListEntitlementsByIds(On(new ListEntitlementsByIdsRequest { EntitlementIds = entitlementIds })));
    }

    private void Streams(string sync)
    {
        Grant grant = Pick(facts.Grants);
        GrantStreamFilter[] filters =
        [
            new(),
            new() { IncludeExpansion = true },
            new() { EntitlementId = grant.Entitlement.Id },
            new() { PrincipalResourceTypeId = grant.Principal.Id.ResourceType, IncludeExpansion = true },
            new() { PrincipalResourceTypeId = grant.Principal.Id.ResourceType, PrincipalResourceId = grant.Principal.Id.Resource },
        ];
        foreach (GrantStreamFilter filter in filters)
        {
            Try(() => store.StreamGrants(sync, filter).Count());
        }

        foreach (string? type in facts.ResourceTypeIds.Append(null))
        {
            Try(() => store.StreamResources(sync, type).Count());
        }

        Try(() => store.StreamEntitlements(sync).Count());
    }

    private void SyncReads(string missing)
    {
        foreach (string id in facts.SyncIds.Append(missing).Append("bad").Append(""))
        {
            Try(() => store.GetSync(id));
        }

        foreach (int size in PageSizes())
        {
            Pages(t => store.ListSyncs(size, t));
            Pages(t => store.ListSyncRuns(size, t));
        }

        foreach (SyncType type in s_types.Append((SyncType)42))
        {
            Try(() => store.GetLatestFinishedSync(type));
            Try(() => store.LatestFinishedSyncId(type));
            Try(() => store.PreviousSyncId(type));
        }
    }

    private void Meta(string missing)
    {
        Try(() => store.SyncMeta.LatestFullSync());
        Try(() => store.SyncMeta.LatestFinishedSyncOfAnyType());
        foreach (string id in facts.SyncIds.Append(missing).Append(""))
        {
            foreach (SyncType type in s_types)
            {
                Try(() => store.SyncMeta.Stats(type, id));
                Try(() => store.SyncMeta.StatsV2(type, id));
                Try(() => store.SyncMeta.GrantStats(type, id));
            }
        }
    }

    private void GrantStore()
    {
        Pages(store.Grants.PendingExpansionPage);
        Try(() => store.Grants.PendingExpansion().Count());
        Pages(store.Grants.ListWithAnnotationsPage);
        Try(() => store.Grants.ListWithAnnotations().Count());
        foreach (Resource resource in Sample(facts.Resources, 4))
        {
            foreach (int size in PageSizes())
            {
                Pages(t => store.Grants.ListWithAnnotationsForResourcePage(resource, facts.SyncIds[0], t, size));
            }
        }
    }

    private void Sessions(string missing)
    {
        foreach (string sync in facts.SyncIds.Append(missing).Append(""))
        {
            foreach (string prefix in new[] { "", "pre:" })
            {
                SessionScope scope = new(sync, prefix);
                foreach (string key in facts.SessionKeys.Take(4).Append("missing"))
                {
                    Try(() => store.Sessions.TryGet(scope, key, out _));
                }

                Try(() => store.Sessions.GetMany(scope, [.. facts.SessionKeys.Append("missing")]));
                Pages(t => store.Sessions.GetAll(scope, t));
            }
        }
    }

    private int[] PageSizes() => everyPageSize ? s_pageSizes : [s_pageSizes[random.Next(s_pageSizes.Length)]];

    /// <summary>Reads a listing to its end (a failure is an expected outcome the tee compared).</summary>
    private void Pages<T>(Func<string?, Page<T>> page)
    {
        string? token = null;
        for (int pages = 0; pages < 100_000; pages++)
        {
            Calls++;
            Page<T> next;
            try
            {
                next = page(token);
            }
            catch (StorageException)
            {
                return;
            }

            if (next.NextPageToken.Length == 0)
            {
                return;
            }

            token = next.NextPageToken;
        }

        throw new InvalidOperationException("a listing does not end");
    }

    private void Try<T>(Func<T> read)
    {
        Calls++;
        try
        {
            _ = read();
        }
        catch (StorageException)
        {
        }
    }

    private void Try(Action read) => Try(() => { read(); return 0; });

    /// <summary>
    /// One of <paramref name="items"/> at random; when there are none (a real file without that resource type, or without
    /// entitlements), a stand-in that names nothing stored, so the same reads still run and must agree as misses.
    /// </summary>
    private T Pick<T>(IEnumerable<T> items)
        where T : new()
    {
        List<T> list = [.. items];
        return list.Count == 0 ? StandIn<T>() : list[random.Next(list.Count)];
    }

    private static T StandIn<T>()
        where T : new()
    {
        ResourceId absent = new() { ResourceType = "absent", Resource = "absent" };
        object standIn = new T() switch
        {
            Resource => new Resource { Id = absent },
            Entitlement => new Entitlement { Id = "absent:absent:member", Resource = new Resource { Id = absent } },
            Grant => new Grant { Id = "absent:absent:member:user:absent", Entitlement = new Entitlement { Id = "absent:absent:member" }, Principal = new Resource { Id = absent } },
            T other => other,
        };
        return (T)standIn;
    }

    private List<T> Sample<T>(List<T> items, int count) => [.. Enumerable.Range(0, Math.Min(count, items.Count)).Select(_ => items[random.Next(items.Count)])];
}
