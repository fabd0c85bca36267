using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The grant readers (by entitlement, principal, entitlement resource type, several entitlements) and the by-ids reads:
/// spec 1.6 and 1.8, checklist items 12, 14 and 16 to 21.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncGrantReadTests
{
    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Resource s_team = MakeResource("team", "t1");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");
    private static readonly Entitlement s_admin = MakeEntitlement(s_group, "admin");
    private static readonly Entitlement s_lead = MakeEntitlement(s_team, "lead");

    private readonly SyncStoreHarness _harness = new();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(0)]
    public void Item12_GrantListingsVisitEveryRowExactlyOnce_ForAnyPageSize(int pageSize)
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource[] users = Enumerable.Range(0, 30).Select(i => MakeResource("user", $"u{i:D2}")).ToArray();
        store.PutGrants([.. users.Select(u => MakeGrant(s_member, u)), .. users.Take(12).Select(u => MakeGrant(s_lead, u)), MakeGrant(s_admin, users[0])]);

        Assert.Equal(
            users.Select(u => MakeGrant(s_member, u).Id),
            Drain(t => store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = s_member, PageSize = pageSize, PageToken = t })));
        Assert.Equal(
            [MakeGrant(s_admin, users[0]).Id, MakeGrant(s_member, users[0]).Id, MakeGrant(s_lead, users[0]).Id],
            Drain(t => store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = users[0].Id, PageSize = pageSize, PageToken = t })).Order(StringComparer.Ordinal));
        Assert.Equal(31, Drain(t => store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { ResourceTypeId = "group", PageSize = pageSize, PageToken = t })).Count);
        Assert.Equal(
            43,
            Drain(t => store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [s_lead, s_member, s_admin], PageSize = pageSize, PageToken = t })).Distinct().Count());
    }

    [Fact]
    public void Item14_PostFilteredPagesNeverSkipMatchingRowsAtPageBoundaries()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource[] principals = Enumerable.Range(0, 20).Select(i => MakeResource(i % 3 == 0 ? "user" : "bot", $"p{i:D2}")).ToArray();
        store.PutGrants(principals.Select(p => MakeGrant(s_member, p)).ToArray());
        List<string> expected = principals.Where(p => p.Id.ResourceType == "user").Select(p => MakeGrant(s_member, p).Id).ToList();

        for (int size = 1; size <= 8; size++)
        {
            int pageSize = size;
            List<string> seen = Drain(t => store.ListGrantsForEntitlement(
                new ListGrantsForEntitlementRequest { Entitlement = s_member, PrincipalResourceTypeIds = ["user"], PageSize = pageSize, PageToken = t }));
            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public void Item16_ListGrantsForEntitlement_MatchesTheIdAlone_AndHonoursThePrincipalFilters()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource alice = MakeResource("user", "alice");
        Resource bob = MakeResource("user", "bob");
        Resource bots = MakeResource("group", "bots");
        store.PutGrants(MakeGrant(s_member, alice), MakeGrant(s_member, bob), MakeGrant(s_member, bots), MakeGrant(s_admin, alice));

        Entitlement bare = new() { Id = s_member.Id };
        Assert.Equal(3, store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = bare }).Items.Count);
        Assert.Equal(
            [MakeGrant(s_member, bob).Id],
            store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = bare, PrincipalId = bob.Id }).Items.Select(g => g.Id));
        Assert.Equal(
            [MakeGrant(s_member, bots).Id],
            store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = bare, PrincipalResourceTypeIds = ["group", "team"] }).Items.Select(g => g.Id));
        Assert.Empty(store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = new Entitlement { Id = "group:g1" } }).Items);
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = null! }));
    }

    [Fact]
    public void Item17_ListGrantsForPrincipal_RequiresAPrincipal_AndWithAnEntitlementReturnsAtMostOne()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource alice = MakeResource("user", "alice");
        store.PutGrants(MakeGrant(s_member, alice), MakeGrant(s_admin, alice), MakeGrant(s_lead, alice), MakeGrant(s_member, MakeResource("user", "bob")));

        foreach (ResourceId? missing in new[] { null, new ResourceId { ResourceType = "user" } })
        {
            StorageException ex = SyncStoreHarness.Fails(
                StorageErrorCode.InvalidArgument, () => store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = missing }));
            Assert.Contains("ListGrantsForPrincipal: missing principal_id", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(3, store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = alice.Id }).Items.Count);
        Assert.Equal(
            [MakeGrant(s_admin, alice).Id],
            store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = alice.Id, Entitlement = s_admin }).Items.Select(g => g.Id));
        Assert.Empty(store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = alice.Id, Entitlement = new Entitlement() }).Items);
    }

    [Fact]
    public void Item18_ListGrantsForResourceType_MatchesTheEntitlementsResourceType_NotThePrincipals()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource[] users = Enumerable.Range(0, 30).Select(i => MakeResource("user", $"u{i}")).ToArray();
        store.PutGrants([.. users.Select(u => MakeGrant(s_member, u)), MakeGrant(s_lead, users[0])]);

        Assert.Empty(store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { ResourceTypeId = "user" }).Items);
        Assert.Equal(30, store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { ResourceTypeId = "group" }).Items.Count);
        Assert.Equal([MakeGrant(s_lead, users[0]).Id], store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { ResourceTypeId = "team" }).Items.Select(g => g.Id));
        Assert.Equal(31, store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest()).Items.Count);
    }

    [Fact]
    public void Item19_ListGrantsForEntitlements_ReturnsEveryGrantOnce_AndRestartsWhenTheListChanges()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Entitlement a = MakeEntitlement(s_group, "A");
        Entitlement b = MakeEntitlement(s_group, "B");
        Entitlement c = MakeEntitlement(s_group, "C");
        Resource[] users = Enumerable.Range(0, 5).Select(i => MakeResource("user", $"u{i}")).ToArray();
        Grant[] grants = [.. new[] { a, b, c }.SelectMany(e => users.Select(u => MakeGrant(e, u)))];
        store.PutGrants(grants);
        store.PutGrants(MakeGrant(MakeEntitlement(s_group, "other"), users[0]));

        ListGrantsForEntitlementsRequest request = new() { Entitlements = [c, a, b], PageSize = 4 };
        List<string> seen = [];
        List<int> pageSizes = [];
        string token = "";
        do
        {
            Page<Grant> page = store.ListGrantsForEntitlements(request with { PageToken = token });
            seen.AddRange(page.Items.Select(g => g.Id));
            pageSizes.Add(page.Items.Count);
            token = page.NextPageToken;
        }
        while (token.Length != 0);

        Assert.Equal(grants.Select(g => g.Id), seen);
        Assert.Equal([4, 4, 4, 3], pageSizes);

        // Another list (here: another order) restarts from A's first grant.
        string second = store.ListGrantsForEntitlements(request).NextPageToken;
        Page<Grant> restarted = store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [a, b, c], PageSize = 4, PageToken = second });
        Assert.Equal(grants.Take(4).Select(g => g.Id), restarted.Items.Select(g => g.Id));
        Page<Grant> resumed = store.ListGrantsForEntitlements(request with { PageToken = second });
        Assert.Equal(grants.Skip(4).Take(4).Select(g => g.Id), resumed.Items.Select(g => g.Id));

        Page<Grant> empty = store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { PageToken = second });
        Assert.Empty(empty.Items);
        Assert.Equal("", empty.NextPageToken);
    }

    [Fact]
    public void ListGrantsForEntitlements_RefusesTooManyEntitlementsAndMalformedTokens_AndVisitsDuplicatesOnce()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutGrants(MakeGrant(s_member, MakeResource("user", "u")));
        Entitlement[] many = Enumerable.Range(0, SyncStore.MaxEntitlementsPerRequest + 1).Select(i => new Entitlement { Id = $"e{i}" }).ToArray();

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = many }));
        Assert.Empty(store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = many[1..] }).Items);
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [s_member], PageToken = "!" }));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [s_member], PageToken = "AAAA" }));
        Assert.Single(store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [s_member, s_member] }).Items);
    }

    [Fact]
    public void Item20_ByIds_OmitMissingEmptyAndInvalidIds_AndWorkPastFiveHundred()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource[] users = Enumerable.Range(0, 600).Select(i => MakeResource("user", $"u{i:D3}")).ToArray();
        store.PutResources(users);
        store.PutResources(MakeResource("a:b", "c"));
        Entitlement[] entitlements = users.Take(520).Select(u => MakeEntitlement(u, "self")).ToArray();
        store.PutEntitlements(entitlements);

        List<ResourceId> resourceIds = [.. users.Select(u => u.Id), new ResourceId { ResourceType = "user", Resource = "ghost" }, new ResourceId { ResourceType = "user" }, null!,
            new ResourceId { ResourceType = "a", Resource = "b:c" }];
        Assert.Equal(users, store.ListResourcesByIds(new ListResourcesByIdsRequest { ResourceIds = resourceIds }));
        Assert.Equal("a:b", Assert.Single(store.ListResourcesByIds(new ListResourcesByIdsRequest { ResourceIds = [MakeResource("a:b", "c").Id] })).Id.ResourceType);
        Assert.Equal(
            entitlements.Select(e => e.Id),
            store.ListEntitlementsByIds(new ListEntitlementsByIdsRequest { EntitlementIds = [.. entitlements.Select(e => e.Id), "", "ghost", entitlements[0].Id] }).Select(e => e.Id));

        string[] tooMany = Enumerable.Range(0, SyncStore.MaxIdsPerRequest + 1).Select(i => $"e{i}").ToArray();
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListEntitlementsByIds(new ListEntitlementsByIdsRequest { EntitlementIds = tooMany }));
        Assert.Empty(store.ListEntitlementsByIds(new ListEntitlementsByIdsRequest { EntitlementIds = tooMany[1..] }));
    }

    [Fact]
    public void Item20_ByIds_DefaultToTheLatestFinishedSyncOfAnyType()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "full"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        store.StartNewSync(SyncType.Partial);
        store.PutResources(MakeResource("user", "partial"));
        store.EndSync();

        ListResourcesByIdsRequest request = new() { ResourceIds = [MakeResource("user", "full").Id, MakeResource("user", "partial").Id] };
        Assert.Equal(["partial"], store.ListResourcesByIds(request).Select(r => r.Id.Resource));
        Assert.Equal(["full"], store.ListResources(new ListResourcesRequest()).Items.Select(r => r.Id.Resource));
    }

    [Fact]
    public void Item21_ListStaticEntitlements_IsAlwaysEmpty()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutEntitlements(s_member, s_lead);

        Page<Entitlement> page = store.ListStaticEntitlements(new ListEntitlementsRequest { Resource = s_group });
        Assert.Empty(page.Items);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public void GrantsForEntitlementPrincipalSorted_HoldsForIdsWithLowBytesAndMultiByteUtf8()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        string[] types = ["user", "user\0", "user\u0001", "us", "\uFF5E", "\U0001F600", "user\0\u0001"];
        string[] ids = ["a", "a\0", "a\0b", "a\u0001", "", "\u00E9", "\uFF5E", "\U0001F600", "b"];
        Resource[] principals = [.. types.SelectMany(t => ids.Select(i => MakeResource(t, i)))];
        Entitlement entitlement = MakeEntitlement(s_group, "member");
        Entitlement nulled = entitlement.Clone();
        nulled.Id += "\0";
        store.PutGrants([.. principals.Reverse().Select(p => MakeGrant(entitlement, p)), MakeGrant(nulled, principals[0])]);

        List<Grant> listed = [];
        string token = "";
        do
        {
            Page<Grant> page = store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = entitlement, PageSize = 5, PageToken = token });
            listed.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length != 0);

        Assert.True(store.GrantsForEntitlementPrincipalSorted);
        Assert.All(listed, g => Assert.Equal(entitlement.Id, g.Entitlement.Id));
        List<(byte[] Type, byte[] Id)> order = listed.Select(g => (Utf8(g.Principal.Id.ResourceType), Utf8(g.Principal.Id.Resource))).ToList();
        List<(byte[] Type, byte[] Id)> sorted = order.Order(Comparer<(byte[] Type, byte[] Id)>.Create(static (x, y) =>
        {
            int byType = x.Type.AsSpan().SequenceCompareTo(y.Type);
            return byType != 0 ? byType : x.Id.AsSpan().SequenceCompareTo(y.Id);
        })).ToList();
        Assert.Equal(principals.Length, listed.Count);
        Assert.Equal(sorted, order);
    }

    [Fact]
    public void ListingsByAColumn_DoNotMatchLongerValuesThatContinueWithANulByte()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "a"), MakeResource("user\0x", "b"), MakeResource("user\0", "c"));
        Resource principal = MakeResource("user", "p");
        Entitlement other = new() { Id = s_member.Id + "\0z", Resource = s_group };
        store.PutGrants(MakeGrant(s_member, principal), MakeGrant(other, principal), MakeGrant(s_member, MakeResource("user", "p\0")));

        Assert.Equal(["a"], store.ListResources(new ListResourcesRequest { ResourceTypeId = "user" }).Items.Select(r => r.Id.Resource));
        Assert.Equal(["c"], store.ListResources(new ListResourcesRequest { ResourceTypeId = "user\0" }).Items.Select(r => r.Id.Resource));
        Assert.Equal(2, store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = s_member }).Items.Count);
        Assert.Equal(2, store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = principal.Id }).Items.Count);
        Assert.Single(store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = s_member, PrincipalId = principal.Id }).Items);
    }

    private static byte[] Utf8(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    /// <summary>Every row of a listing, following its tokens to the end.</summary>
    internal static List<string> Drain(Func<string, Page<Grant>> page)
    {
        List<string> seen = [];
        string token = "";
        do
        {
            Page<Grant> current = page(token);
            seen.AddRange(current.Items.Select(g => g.Id));
            token = current.NextPageToken;
        }
        while (token.Length != 0);

        return seen;
    }
}
