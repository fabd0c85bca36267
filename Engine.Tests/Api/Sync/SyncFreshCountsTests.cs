using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The counts a fresh sync keeps as its puts write records: EndSync's stats from them equal a recount with scans,
/// whatever mix of new records, repeats, conflicts, deletes and imports the sync saw.
/// </summary>
public sealed class SyncFreshCountsTests(ITestOutputHelper output)
{
    [Fact]
    public void EndSyncStats_FromKeptCounts_EqualARecount()
    {
        TestSeed.Run(output, nameof(EndSyncStats_FromKeptCounts_EqualARecount), 12, seed =>
        {
            Random random = new(seed);
            SyncStoreHarness harness = new();
            using SyncStore store = harness.Open();
            string id = store.StartNewSync(SyncType.Full);
            Resource[] orgs = [.. Enumerable.Range(0, 3).Select(i => MakeResource("org", $"o{i}"))];
            store.PutResourceTypes(MakeResourceType("org"), MakeResourceType("user"), MakeResourceType("group"));
            for (int step = 0; step < 40; step++)
            {
                switch (random.Next(6))
                {
                    case 0:
                        store.PutResources([.. Enumerable.Range(0, random.Next(1, 30)).Select(_ => MakeResource(random.Next(2) == 0 ? "user" : "group", $"r{random.Next(60)}", orgs[random.Next(3)]))]);
                        break;
                    case 1:
                        store.PutEntitlements([.. Enumerable.Range(0, random.Next(1, 10)).Select(_ => MakeEntitlement(random.Next(2) == 0 ? orgs[random.Next(3)] : MakeResource("group", $"r{random.Next(60)}"), "member"))]);
                        break;
                    case 2:
                    case 3:
                        store.PutGrants([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => RandomGrant(random, orgs))]);
                        break;
                    case 4:
                        store.DeleteGrant(RandomGrant(random, orgs).Id);
                        break;
                    default:
                        store.StoreExpandedGrants([.. Enumerable.Range(0, random.Next(1, 10)).Select(_ => RandomGrant(random, orgs))]);
                        break;
                }
            }

            store.EndSync();
            SyncStats kept = SyncStats.Parser.ParseFrom(store.TryGetRun(Ksuid.Parse(id))!.Stats);
            SyncStats recounted = SyncStatsCounter.Count(store.Db, Ksuid.Parse(id), "full", "");
            Assert.True(kept.Grants > 0);
            Assert.Equal(recounted, kept);
        });
    }

    [Fact]
    public void EndSyncStats_AfterAnImportIntoTheSync_ComeFromARecount()
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        Resource org = MakeResource("org", "o");
        string first = harness.DiffableSync(store, s =>
        {
            s.PutResourceTypes(MakeResourceType("org"));
            s.PutResources(org);
            s.PutGrants(MakeGrant(MakeEntitlement(org, "member"), MakeResource("user", "a")));
        });

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        string id = store.StartNewSync(SyncType.Full);
        store.PutGrants(MakeGrant(MakeEntitlement(org, "admin"), MakeResource("user", "b")));

        // Written around the puts' counts: the one grant counted is not all the sync holds.
        store.MergeNewer(null, first, id);
        store.EndSync();
        SyncStats kept = SyncStats.Parser.ParseFrom(store.TryGetRun(Ksuid.Parse(id))!.Stats);
        Assert.Equal(SyncStatsCounter.Count(store.Db, Ksuid.Parse(id), "full", ""), kept);
        Assert.Equal(2, kept.Grants);
    }

    private static Grant RandomGrant(Random random, Resource[] orgs)
    {
        Grant grant = MakeGrant(MakeEntitlement(orgs[random.Next(3)], "member"), MakeResource("user", $"u{random.Next(80)}"));
        return random.Next(5) == 0 ? grant.With(Expandable("e")) : grant;
    }
}
