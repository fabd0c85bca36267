using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Google.Protobuf.WellKnownTypes;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>The grant store (spec 1.9): pending-expansion pages and grants with their annotations; checklist items 28 and 29.</summary>
[Trait("Category", "Unit")]
public sealed class SyncGrantStoreTests
{
    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Resource s_team = MakeResource("team", "t1");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");
    private static readonly Entitlement s_lead = MakeEntitlement(s_team, "lead");
    private static readonly Resource s_alice = MakeResource("user", "alice");
    private static readonly Resource s_bob = MakeResource("user", "bob");

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item28_PendingExpansion_YieldsOnlyGrantsThatNeedExpansion_WithTheirAnnotationAndIds()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        GrantExpandable expandable = new() { Shallow = true };
        expandable.EntitlementIds.Add(s_lead.Id);
        expandable.ResourceTypeIds.Add("user");
        Grant expanding = MakeGrant(s_member, s_alice).With(Any.Pack(expandable));
        Grant cleared = MakeGrant(s_member, s_bob).With(Expandable("x"));
        store.PutGrants(expanding, cleared, MakeGrant(s_lead, s_alice), MakeGrant(s_lead, s_bob).With(Expandable(" ")));
        store.PutGrants(MakeGrant(s_member, s_bob));

        PendingExpansionRow row = Assert.Single(store.Grants.PendingExpansion());
        Assert.Equal(new PendingExpansionRow(expanding.Id, s_member.Id, "user", "alice", expandable, NeedsExpansion: true), row);
        Page<PendingExpansionRow> page = store.Grants.PendingExpansionPage(null);
        Assert.Equal([row], page.Items);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public void Item28_PendingExpansion_StopsWhenTheCallerBreaks()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutGrants(Enumerable.Range(0, 5).Select(i => MakeGrant(s_member, MakeResource("user", $"u{i}")).With(Expandable("e"))).ToArray());

        List<string> seen = [];
        foreach (PendingExpansionRow row in store.Grants.PendingExpansion())
        {
            seen.Add(row.PrincipalResourceId);
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["u0", "u1"], seen);
        Assert.Equal(5, store.Grants.PendingExpansion().Count());
    }

    [Fact]
    public void GrantStorePages_WithoutAnySync_AreNotFound()
    {
        using SyncStore store = _harness.Open();

        StorageException ex = SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.Grants.PendingExpansionPage(null));
        Assert.Contains("no sync run found", ex.Message, StringComparison.Ordinal);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.Grants.ListWithAnnotationsPage(null));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.Grants.PendingExpansion());
    }

    [Fact]
    public void Item29_ListWithAnnotations_LeavesPlainGrantsWithoutAnnotation_AndFillsExpandableOnes()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        GrantExpandable shallow = new() { Shallow = true };
        shallow.EntitlementIds.Add(s_lead.Id);
        Grant plain = MakeGrant(s_lead, s_alice);
        Grant expandable = MakeGrant(s_member, s_alice).With(Any.Pack(shallow));
        store.PutGrants(plain, expandable);
        store.EndSync();

        List<GrantWithAnnotation> all = store.Grants.ListWithAnnotations().ToList();
        Assert.Equal(2, all.Count);
        GrantWithAnnotation first = all.Single(g => g.GrantExternalId == plain.Id);
        Assert.Equal(new GrantWithAnnotation(plain, null, plain.Id, s_lead.Id, "user", "alice", false), first);
        GrantWithAnnotation second = all.Single(g => g.GrantExternalId == expandable.Id);
        Assert.Equal(MakeGrant(s_member, s_alice), second.Grant);
        Assert.Equal(shallow, second.Annotation);
        Assert.True(second.Annotation!.Shallow);
        Assert.True(second.NeedsExpansion);
        Assert.Equal((s_member.Id, "user", "alice"), (second.TargetEntitlementId, second.PrincipalResourceTypeId, second.PrincipalResourceId));
        Assert.Equal(all, store.Grants.ListWithAnnotationsPage(null).Items);
    }

    [Fact]
    public void ListWithAnnotationsForResourcePage_FiltersOnTheEntitlementsResource_PagesAndIgnoresTheSyncId()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource[] users = Enumerable.Range(0, 7).Select(i => MakeResource("user", $"u{i}")).ToArray();
        store.PutGrants([.. users.Select(u => MakeGrant(s_member, u)), MakeGrant(s_lead, s_alice)]);

        Assert.Equal(7, store.Grants.ListWithAnnotationsForResourcePage(s_group, "ignored", null, 0).Items.Count);
        List<string> paged = [];
        string token = "";
        do
        {
            Page<GrantWithAnnotation> page = store.Grants.ListWithAnnotationsForResourcePage(s_group, "", token, 3);
            Assert.True(page.Items.Count <= 3);
            paged.AddRange(page.Items.Select(g => g.GrantExternalId));
            token = page.NextPageToken;
        }
        while (token.Length != 0);

        Assert.Equal(users.Select(u => MakeGrant(s_member, u).Id), paged);
        Assert.Equal([MakeGrant(s_lead, s_alice).Id], store.Grants.ListWithAnnotationsForResourcePage(s_team, "", null, 0).Items.Select(g => g.GrantExternalId));
    }

    [Fact]
    public void Grants_StoreExpandedGrants_KeepsTheStoredExpansionState()
    {
        using SyncStore store = _harness.Open();
        store.StartNewSync(SyncType.Full);
        Grant grant = MakeGrant(s_member, s_alice).With(Expandable(s_lead.Id));
        store.PutGrants(grant);

        store.Grants.StoreExpandedGrants(MakeGrant(s_member, s_alice), MakeGrant(s_lead, s_bob).With(Expandable("y")));

        Assert.Equal([grant.Id], store.Grants.PendingExpansion().Select(r => r.GrantExternalId));
        GrantWithAnnotation added = store.Grants.ListWithAnnotations().Single(g => g.GrantExternalId == MakeGrant(s_lead, s_bob).Id);
        Assert.Null(added.Annotation);
        Assert.Empty(added.Grant.Annotations);
    }
}
