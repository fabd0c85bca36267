using C1.Connector.V2;
using CsCheck;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Tests.Infrastructure;
using Google.Protobuf;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Paging as a property: for random datasets, every listing with random filters and page sizes returns, page by page,
/// exactly its unpaged result, in the same order, while another sync of the store is written between the pages.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class SyncListingPropertyTests(ITestOutputHelper output)
{
    // Ids with the bytes that stress the tuple codec: a NUL and a 0x01 inside, multi-byte UTF-8, a colon.
    private static readonly string[] s_types = ["user", "group", "user\0", "us", "t\u00E9", "\U0001F600"];
    private static readonly string[] s_ids = ["a", "b", "a\0", "a\0b", "a\u0001", "\u00E9", "\uFF5E", "a:b"];
    private static readonly string[] s_names = ["member", "admin", "m\0"];

    private static readonly Gen<Case> s_cases = Gen.Select(
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[-30, 100]).Array[1, 30],
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100]).Array[0, 12],
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Bool).Array[0, 60],
        Gen.Int[0, 1000].Array[7],
        Gen.Int[1, 30],
        (resources, entitlements, grants, query, pageSize) => new Case(resources, entitlements, grants, query, pageSize));

    [Fact]
    public void EveryListing_PagedWhileAnotherSyncIsWritten_EqualsItsUnpagedResult()
    {
        s_cases.Sample(output, Check, iter: 150);
    }

    private static void Check(Case sample)
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        string syncId = store.StartNewSync(SyncType.Full);
        Dataset data = Dataset.Build(sample);
        store.PutResourceTypes(s_types.Select(t => MakeResourceType(t)).ToArray());
        store.PutResources(data.Resources);
        store.PutEntitlements(data.Entitlements);
        store.PutGrants(data.Grants);
        store.EndSync();
        store.StartNewSync(SyncType.Full);

        Query query = Query.Of(data, sample.Query);
        Func<int, string, (List<string> Items, string Next)> list = Listing(store, query, syncId);
        (List<string> whole, string last) = list(0, "");
        Assert.Equal("", last);
        Assert.Equal(whole.Count, whole.Distinct().Count());
        Assert.Equal(Model.Of(data).Expected(query).Order(StringComparer.Ordinal), whole.Select(Key).Order(StringComparer.Ordinal));

        List<string> paged = [];
        string token = "";
        int pages = 0;
        do
        {
            (List<string> items, token) = list(sample.PageSize, token);
            Assert.True(items.Count <= sample.PageSize);
            paged.AddRange(items);
            Assert.True(++pages <= whole.Count + 1, "the paging does not end");

            // Another sync grows between the pages: the listing reads its own sync's keys only.
            Resource noise = MakeResource(s_types[pages % s_types.Length], s_ids[pages % s_ids.Length] + pages);
            store.PutResources(noise);
            store.PutGrants(MakeGrant(data.Entitlements.Length == 0 ? MakeEntitlement(noise, "n") : data.Entitlements[pages % data.Entitlements.Length], noise));
        }
        while (token.Length != 0);

        Assert.Equal(whole, paged);
    }

    /// <summary>One listing of the query's kind and filters: a page size and a token to one page, each row "key|base64 bytes".</summary>
    private static Func<int, string, (List<string>, string)> Listing(SyncStore store, Query q, string sync) => q.Kind switch
    {
        0 => (size, token) => Rows(store.ListResourceTypes(new ListResourceTypesRequest { SyncId = sync, PageSize = size, PageToken = token }), t => t.Id),
        1 => (size, token) => Rows(
            store.ListResources(new ListResourcesRequest { SyncId = sync, ResourceTypeId = q.Type, ParentResourceId = q.Resource?.Id, PageSize = size, PageToken = token }),
            r => $"{r.Id.ResourceType}:{r.Id.Resource}"),
        2 => (size, token) => Rows(store.ListEntitlements(new ListEntitlementsRequest { SyncId = sync, Resource = q.Resource, PageSize = size, PageToken = token }), e => e.Id),
        3 => (size, token) => Rows(store.ListGrants(new ListGrantsRequest { SyncId = sync, Resource = q.Resource, PageSize = size, PageToken = token }), g => g.Id),
        4 => (size, token) => Rows(
            store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest
            {
                SyncId = sync,
                Entitlement = q.Entitlements[0],
                PrincipalId = q.Principal,
                PrincipalResourceTypeIds = q.Types,
                PageSize = size,
                PageToken = token,
            }),
            g => g.Id),
        5 => (size, token) => Rows(
            store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest
            {
                SyncId = sync,
                PrincipalId = q.Principal,
                Entitlement = q.Entitlements.FirstOrDefault(),
                PageSize = size,
                PageToken = token,
            }),
            g => g.Id),
        6 => (size, token) => Rows(
            store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { SyncId = sync, ResourceTypeId = q.Type ?? "", PageSize = size, PageToken = token }),
            g => g.Id),
        7 => (size, token) => Rows(
            store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { SyncId = sync, Entitlements = q.Entitlements, PageSize = size, PageToken = token }),
            g => g.Id),
        _ => (size, token) => Rows(store.ListGrantsWithExpansion(new ListGrantsRequest { SyncId = sync, Resource = q.Resource, PageSize = size, PageToken = token }), g => g.Id),
    };

    private static (List<string>, string) Rows<T>(Page<T> page, Func<T, string> key)
        where T : IMessage<T> =>
        (page.Items.Select(m => key(m) + "|" + Convert.ToBase64String(m.ToByteArray())).ToList(), page.NextPageToken);

    private static string Key(string row) => row[..row.LastIndexOf('|')];

    /// <summary>
    /// One listing drawn from the dataset: its kind (0 resource types, 1 resources, 2 entitlements, 3 grants, 4 by
    /// entitlement, 5 by principal, 6 by entitlement resource type, 7 by entitlements, 8 with expansion) and filters.
    /// </summary>
    private sealed record Query(int Kind, string? Type, Resource? Resource, ResourceId? Principal, IReadOnlyList<string>? Types, Entitlement[] Entitlements)
    {
        public static Query Of(Dataset data, int[] q)
        {
            Resource R(int i) => data.Resources[i % data.Resources.Length];
            Entitlement E(int i) => data.Entitlements.Length == 0 ? new Entitlement { Id = "none" } : data.Entitlements[i % data.Entitlements.Length];
            string T(int i) => s_types[i % s_types.Length];
            int kind = q[0] % 9;
            return kind switch
            {
                1 => new Query(kind, q[1] % 3 == 0 ? null : T(q[2]), q[3] % 3 == 0 ? null : R(q[4]), null, null, []),
                4 => new Query(kind, null, null, q[2] % 3 == 0 ? R(q[3]).Id : null, q[4] % 2 == 0 ? null : [T(q[5]), T(q[6])], [E(q[1])]),
                5 => new Query(kind, null, null, R(q[1]).Id, null, q[2] % 3 == 0 ? [E(q[3])] : []),
                6 => new Query(kind, q[1] % 4 == 0 ? "" : T(q[2]), null, null, null, []),
                7 => new Query(kind, null, null, null, null, q.Skip(2).Take((q[1] % 5) + 1).Select(E).ToArray()),
                _ => new Query(kind, null, q[1] % 3 == 0 ? null : R(q[2]), null, null, []),
            };
        }
    }

    /// <summary>
    /// What the store holds after the dataset's puts, with SQLite's conflict rule: a key keeps the side columns of its
    /// first put (type and parent; the entitlement's resource; the grant's entitlement and principal).
    /// </summary>
    private sealed record Model(Dictionary<string, Resource> Resources, Dictionary<string, Entitlement> Entitlements, Dictionary<string, Grant> Grants)
    {
        public static Model Of(Dataset data)
        {
            Dictionary<string, Resource> resources = [];
            Dictionary<string, Entitlement> entitlements = [];
            Dictionary<string, Grant> grants = [];
            foreach (Resource r in data.Resources)
            {
                resources.TryAdd($"{r.Id.ResourceType}:{r.Id.Resource}", r);
            }

            foreach (Entitlement e in data.Entitlements)
            {
                entitlements.TryAdd(e.Id, e);
            }

            foreach (Grant g in data.Grants)
            {
                grants.TryAdd(g.Id, g);
            }

            return new Model(resources, entitlements, grants);
        }

        public IEnumerable<string> Expected(Query q)
        {
            static bool Is(ResourceId? a, ResourceId? b) => a?.ResourceType == b?.ResourceType && a?.Resource == b?.Resource;
            return q.Kind switch
            {
                0 => s_types,
                1 => Resources.Where(r => (string.IsNullOrEmpty(q.Type) || r.Value.Id.ResourceType == q.Type)
                    && (q.Resource is null || Is(r.Value.ParentResourceId, q.Resource.Id))).Select(r => r.Key),
                2 => Entitlements.Values.Where(e => q.Resource is null || Is(e.Resource.Id, q.Resource.Id)).Select(e => e.Id),
                4 => Grants.Values.Where(g => g.Entitlement.Id == q.Entitlements[0].Id && (q.Principal is null || Is(g.Principal.Id, q.Principal))
                    && (q.Types is null || q.Types.Contains(g.Principal.Id.ResourceType))).Select(g => g.Id),
                5 => Grants.Values.Where(g => Is(g.Principal.Id, q.Principal) && q.Entitlements.All(e => e.Id == g.Entitlement.Id)).Select(g => g.Id),
                6 => Grants.Values.Where(g => string.IsNullOrEmpty(q.Type) || g.Entitlement.Resource.Id.ResourceType == q.Type).Select(g => g.Id),
                7 => Grants.Values.Where(g => q.Entitlements.Any(e => e.Id == g.Entitlement.Id)).Select(g => g.Id),
                _ => Grants.Values.Where(g => q.Resource is null || Is(g.Entitlement.Resource.Id, q.Resource.Id)).Select(g => g.Id),
            };
        }
    }

    /// <summary>A drawn dataset: resources by (type, id, parent index or none), entitlements by (resource, name), grants by (entitlement, principal, expandable).</summary>
    private sealed record Case((int Type, int Id, int Parent)[] Resources, (int Resource, int Name)[] Entitlements, (int Entitlement, int Principal, bool Expandable)[] Grants, int[] Query, int PageSize)
    {
        public override string ToString() =>
            $"{Resources.Length} resources, {Entitlements.Length} entitlements, {Grants.Length} grants, query [{string.Join(',', Query)}], page {PageSize}";
    }

    /// <summary>The messages a <see cref="Case"/> describes.</summary>
    private sealed record Dataset(Resource[] Resources, Entitlement[] Entitlements, Grant[] Grants)
    {
        public static Dataset Build(Case sample)
        {
            Resource[] resources = new Resource[sample.Resources.Length];
            for (int i = 0; i < resources.Length; i++)
            {
                (int type, int id, int parent) = sample.Resources[i];
                Resource? parentResource = parent < 0 || i == 0 ? null : resources[parent % i];
                resources[i] = MakeResource(s_types[type % s_types.Length], s_ids[id % s_ids.Length], parentResource);
            }

            Entitlement[] entitlements = sample.Entitlements
                .Select(e => MakeEntitlement(resources[e.Resource % resources.Length], s_names[e.Name % s_names.Length]))
                .ToArray();
            Grant[] grants = entitlements.Length == 0
                ? []
                : sample.Grants.Select(g =>
                {
                    Grant grant = MakeGrant(entitlements[g.Entitlement % entitlements.Length], resources[g.Principal % resources.Length]);
                    return g.Expandable ? grant.With(Expandable(entitlements[g.Principal % entitlements.Length].Id)) : grant;
                }).ToArray();
            return new Dataset(resources, entitlements, grants);
        }
    }
}
