using Engine.Api.Sync;
using Engine.Api.Sync.Requests;

namespace Engine.Bench.Sync;

/// <summary>
/// The indexed reads, on a store of the catalog and N grants opened read-only (untimed): the first page of
/// <see cref="Queries"/> queries each. Cold: a freshly opened store, every query a different key. Hot: one key, after
/// a warm-up query of it.
/// </summary>
internal sealed partial class SyncWorkloads
{
    /// <summary>A stride coprime with the user and entitlement counts, so the cold queries never repeat a key.</summary>
    private const int ColdStride = 7;

    private Func<WorkloadResult> PrincipalReads(bool cold)
    {
        ISyncStore store = OpenCatalog();
        Func<int, ListGrantsForPrincipalRequest> request = k => new ListGrantsForPrincipalRequest
        {
            PrincipalId = _data.Users[cold ? k * ColdStride % SyncDataset.UserCount : 0].Id,
        };
        if (!cold)
        {
            store.ListGrantsForPrincipal(request(0));
        }

        return WithStore(store, s => Sum(k => s.ListGrantsForPrincipal(request(k)).Items.Count));
    }

    private Func<WorkloadResult> EntitlementReads(bool cold)
    {
        ISyncStore store = OpenCatalog();
        Func<int, ListGrantsForEntitlementRequest> request = k => new ListGrantsForEntitlementRequest
        {
            Entitlement = _data.Entitlements[cold ? k * ColdStride % SyncDataset.EntitlementCount : 0],
        };
        if (!cold)
        {
            store.ListGrantsForEntitlement(request(0));
        }

        return WithStore(store, s => Sum(k => s.ListGrantsForEntitlement(request(k)).Items.Count));
    }

    /// <summary>The first page of the grants on apps, a tenth as many queries: each returns up to a full page.</summary>
    private Func<WorkloadResult> ResourceTypeReads()
    {
        ListGrantsForResourceTypeRequest request = new() { ResourceTypeId = "app" };
        return WithStore(OpenCatalog(), s => Sum(_ => s.ListGrantsForResourceType(request).Items.Count, Queries / 10));
    }

    private Func<WorkloadResult> ResourcesByType()
    {
        ListResourcesRequest request = new() { ResourceTypeId = "user" };
        return WithStore(OpenCatalog(), s => Sum(_ => s.ListResources(request).Items.Count));
    }

    private Func<WorkloadResult> ResourcesByParent()
    {
        ListResourcesRequest[] requests = [.. _data.Orgs.Select(o => new ListResourcesRequest { ParentResourceId = o.Id })];
        return WithStore(OpenCatalog(), s => Sum(k => s.ListResources(requests[k % requests.Length]).Items.Count));
    }

    /// <summary>Opens the store of the catalog and N grants read-only, building it on first use.</summary>
    private ISyncStore OpenCatalog()
    {
        _catalogArtifact ??= Build("catalog.pack", store =>
        {
            store.StartNewSync(SyncType.Full);
            _data.PutCatalog(store);
            _data.PutGrants(store, _n);
            store.EndSync();
        });
        return _backend.Open(_catalogArtifact, readOnly: true);
    }

    private static long Sum(Func<int, int> query, int queries = Queries)
    {
        long total = 0;
        for (int k = 0; k < queries; k++)
        {
            total += query(k);
        }

        return total;
    }
}
