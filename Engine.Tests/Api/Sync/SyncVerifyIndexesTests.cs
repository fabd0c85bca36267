using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Results;
using Engine.Core.Identifiers;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>VerifyIndexes: a clean store reports nothing; entries removed or added behind the store's back are found.</summary>
[Trait("Category", "Unit")]
public sealed class SyncVerifyIndexesTests
{
    private static readonly Resource s_org = MakeResource("org", "o1");
    private static readonly Resource s_group = MakeResource("group", "g1", s_org);
    private static readonly Resource s_alice = MakeResource("user", "alice", s_org);
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");
    private static readonly Grant s_grant = MakeGrant(s_member, s_alice).With(Expandable("group:g2:member"));

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void ACleanStore_ReportsNothing_AndCountsWhatItWalked()
    {
        using SyncStore store = _harness.Open();
        (string first, string second) = TwoSyncs(store);

        IndexVerifyReport all = store.VerifyIndexes();
        Assert.True(all.IsClean, string.Join("; ", all.Problems));

        // Per sync: 4 resources (2 with parents), 1 entitlement, 2 grants (one needing expansion):
        // 4 by type + 3 by parent (group, alice, bob) + 1 by resource + 2 × 3 grant indexes + 1 needs expansion.
        IndexVerifyReport one = store.VerifyIndexes(first);
        Assert.Equal((7L, 15L), (one.RecordsChecked, one.IndexEntriesChecked));
        Assert.Equal((14L, 30L), (all.RecordsChecked, all.IndexEntriesChecked));
        Assert.True(store.VerifyIndexes(second).IsClean);
    }

    [Fact]
    public void AnEntryDeletedBehindTheStoresBack_IsMissing()
    {
        using SyncStore store = _harness.Open();
        (string first, string second) = TwoSyncs(store);
        using KeyBuilder key = new();
        store.Db.Delete(key.Begin(Keyspace.GrantByPrincipal, Ksuid.Parse(second)).Append("user").Append("alice").Append(s_grant.Id).Key);

        IndexProblem problem = Assert.Single(store.VerifyIndexes().Problems);
        Assert.Equal((IndexProblemKind.Missing, "GrantByPrincipal", second, s_grant.Id), (problem.Kind, problem.Index, problem.SyncId, problem.RecordId));
        Assert.True(store.VerifyIndexes(first).IsClean);
    }

    [Fact]
    public void AnEntryWithoutItsRecord_IsDangling()
    {
        using SyncStore store = _harness.Open();
        (string first, _) = TwoSyncs(store);
        using KeyBuilder key = new();
        store.Db.Put(key.Begin(Keyspace.ResourceByType, Ksuid.Parse(first)).Append("user").Append("user:ghost").Key, []);

        IndexProblem problem = Assert.Single(store.VerifyIndexes(first).Problems);
        Assert.Equal((IndexProblemKind.Dangling, "ResourceByType", first, "user:ghost"), (problem.Kind, problem.Index, problem.SyncId, problem.RecordId));
    }

    [Fact]
    public void AnEntryItsRecordDoesNotCallFor_IsMismatched()
    {
        using SyncStore store = _harness.Open();
        (string first, _) = TwoSyncs(store);
        Ksuid sync = Ksuid.Parse(first);
        Grant plain = MakeGrant(s_member, MakeResource("user", "bob"));
        using KeyBuilder key = new();
        store.Db.Put(key.Begin(Keyspace.EntitlementByResource, sync).Append("group").Append("g2").Append(s_member.Id).Key, []);
        store.Db.Put(key.Begin(Keyspace.GrantNeedsExpansion, sync).Append(plain.Id).Key, []);

        List<IndexProblem> problems = store.VerifyIndexes().Problems.OrderBy(p => p.Index, StringComparer.Ordinal).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Equal((IndexProblemKind.Mismatched, "EntitlementByResource", first, s_member.Id), (problems[0].Kind, problems[0].Index, problems[0].SyncId, problems[0].RecordId));
        Assert.Equal((IndexProblemKind.Mismatched, "GrantNeedsExpansion", first, plain.Id), (problems[1].Kind, problems[1].Index, problems[1].SyncId, problems[1].RecordId));
    }

    /// <summary>Two syncs holding the same records: resources with parents, an entitlement, a plain and an expandable grant.</summary>
    private (string First, string Second) TwoSyncs(SyncStore store)
    {
        string[] syncs = new string[2];
        for (int i = 0; i < 2; i++)
        {
            syncs[i] = store.StartNewSync(SyncType.Full);
            store.PutResources(s_org, s_group, s_alice, MakeResource("user", "bob", s_group));
            store.PutEntitlements(s_member);
            store.PutGrants(s_grant, MakeGrant(s_member, MakeResource("user", "bob")));
            store.EndSync();
            _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        return (syncs[0], syncs[1]);
    }
}
