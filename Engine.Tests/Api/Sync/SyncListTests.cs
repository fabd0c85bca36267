using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The listings: filters (spec 1.6), the page clamp, tokens that resume strictly after the last row, and the checklist
/// items 11 to 15.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncListTests
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item11_APageSizeOfZeroOrOverTheMaximum_IsTheMaximum()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResources(Enumerable.Range(0, 50).Select(i => MakeResource("user", $"u{i:D2}")).ToArray());

        foreach (int size in new[] { 0, -1, Paging.MaxPageSize + 1 })
        {
            Page<Resource> page = store.ListResources(new ListResourcesRequest { PageSize = size });
            Assert.Equal(50, page.Items.Count);
            Assert.Equal("", page.NextPageToken);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(250)]
    [InlineData(251)]
    [InlineData(0)]
    public void Item12_PagingVisitsEveryRowExactlyOnce_AndTheLastTokenIsEmpty(int pageSize)
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        string[] ids = Enumerable.Range(0, 250).Select(i => $"u{i:D3}").ToArray();
        store.PutResources(ids.Select(id => MakeResource("user", id)).ToArray());
        store.PutResources(MakeResource("group", "g"));

        List<string> seen = [];
        string token = "";
        int pages = 0;
        do
        {
            Page<Resource> page = store.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageSize = pageSize, PageToken = token });
            seen.AddRange(page.Items.Select(r => r.Id.Resource));
            token = page.NextPageToken;
            pages++;
            Assert.True(token.Length == 0 || page.Items.Count == Paging.Clamp(pageSize));
        }
        while (token.Length != 0);

        Assert.Equal(ids, seen);
        Assert.Equal((250 + Paging.Clamp(pageSize) - 1) / Paging.Clamp(pageSize), pages);
    }

    [Fact]
    public void Item13_AMalformedToken_OrOneFromAnotherListingOrSync_IsInvalidArgument()
    {
        using SyncStore store = _harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "a"), MakeResource("user", "b"), MakeResource("group", "g1"), MakeResource("group", "g2"));
        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"));
        store.EndSync();
        string second = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "a"), MakeResource("user", "b"));
        string users = store.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageSize = 1, SyncId = first }).NextPageToken;
        string types = store.ListResourceTypes(new ListResourceTypesRequest { PageSize = 1, SyncId = first }).NextPageToken;
        Assert.NotEqual("", users);

        foreach (string bad in new[] { "!!!", "AAAA", types })
        {
            SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageToken = bad, SyncId = first }));
        }

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListResources(new ListResourcesRequest { ResourceTypeId = "group", PageToken = users, SyncId = first }));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageToken = users, SyncId = second }));
        Assert.Equal("b", Assert.Single(store.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageToken = users, SyncId = first }).Items).Id.Resource);
    }

    [Fact]
    public void ListResources_FiltersByTypeAndParent()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource org = MakeResource("org", "o1");
        Resource team = MakeResource("team", "t1", org);
        store.PutResources(org, team, MakeResource("user", "u1", org), MakeResource("user", "u2", team), MakeResource("user", "u3"));

        Assert.Equal(["u1", "u2", "u3"], Ids(store.ListResources(new ListResourcesRequest { ResourceTypeId = "user" })));
        Assert.Equal(["t1", "u1"], Ids(store.ListResources(new ListResourcesRequest { ParentResourceId = org.Id })));
        Assert.Equal(["u1"], Ids(store.ListResources(new ListResourcesRequest { ParentResourceId = org.Id, ResourceTypeId = "user" })));
        Assert.Equal(5, store.ListResources(new ListResourcesRequest { ParentResourceId = new ResourceId { ResourceType = "org" } }).Items.Count);
        Assert.Empty(store.ListResources(new ListResourcesRequest { ResourceTypeId = "use" }).Items);
    }

    [Fact]
    public void ListEntitlements_OfAResource_AndAResourceWithoutAnIdMatchesNothing()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource g1 = MakeResource("group", "g1");
        Resource g2 = MakeResource("group", "g2");
        store.PutEntitlements(MakeEntitlement(g1, "member"), MakeEntitlement(g1, "admin"), MakeEntitlement(g2, "member"));

        Assert.Equal(3, store.ListEntitlements(new ListEntitlementsRequest()).Items.Count);
        Assert.Equal(["group:g1:admin", "group:g1:member"], store.ListEntitlements(new ListEntitlementsRequest { Resource = g1 }).Items.Select(e => e.Id));
        Assert.Empty(store.ListEntitlements(new ListEntitlementsRequest { Resource = new Resource() }).Items);
        Assert.Empty(store.ListStaticEntitlements(new ListEntitlementsRequest()).Items);
    }

    [Fact]
    public void Item15_ListGrantsOfAResource_ReturnsTheGrantsWhoseEntitlementIsOnIt()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource group = MakeResource("group", "g1");
        Resource alice = MakeResource("user", "alice");
        Entitlement member = MakeEntitlement(group, "member");
        Entitlement self = MakeEntitlement(alice, "self");
        store.PutGrants(MakeGrant(member, alice), MakeGrant(self, alice), MakeGrant(member, MakeResource("user", "bob")));

        Assert.Equal(2, store.ListGrants(new ListGrantsRequest { Resource = group }).Items.Count);
        Assert.Equal([MakeGrant(self, alice).Id], store.ListGrants(new ListGrantsRequest { Resource = alice }).Items.Select(g => g.Id));
        Assert.Equal(3, store.ListGrants(new ListGrantsRequest()).Items.Count);
    }

    [Fact]
    public void Item9_ListsDefaultToTheLatestFinishedFullSync_AndSpanEverySyncWhenNoneResolves()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("old"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Partial);
        store.PutResourceTypes(MakeResourceType("partial"));
        store.EndSync();

        Assert.Equal(["old"], store.ListResourceTypes(new ListResourceTypesRequest()).Items.Select(t => t.Id));

        // Honoured on ListResourceTypes only: active_sync_id.
        string partial = store.LatestFinished(SyncType.Partial, 0)!.Value.Id.ToString();
        Assert.Equal(["partial"], store.ListResourceTypes(new ListResourceTypesRequest { ActiveSyncId = partial }).Items.Select(t => t.Id));
    }

    [Fact]
    public void ListsWithNoSyncResolved_ReturnTheRowsOfEverySync_AndPageAcrossThem()
    {
        using (SyncStore store = _harness.Open())
        {
            store.StartNewSync(SyncType.Full);
            store.PutResources(MakeResource("user", "a"), MakeResource("user", "b"));
        }

        _harness.Clock.Advance(TimeSpan.FromSeconds(5));
        using (SyncStore store = _harness.Open())
        {
            store.StartNewSync(SyncType.Partial);
            store.PutResources(MakeResource("user", "c"));
        }

        _harness.Clock.Advance(TimeSpan.FromDays(8));
        using SyncStore reopened = _harness.Open();
        List<string> seen = [];
        string token = "";
        do
        {
            Page<Resource> page = reopened.ListResources(new ListResourcesRequest { ResourceTypeId = "user", PageSize = 1, PageToken = token });
            seen.AddRange(Ids(page));
            token = page.NextPageToken;
        }
        while (token.Length != 0);

        Assert.Equal(["a", "b", "c"], seen);
    }

    private static List<string> Ids(Page<Resource> page) => page.Items.Select(r => r.Id.Resource).ToList();
}
