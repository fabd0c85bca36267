using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Sqlite;
using Engine.Tests.Api.Sync;
using Engine.Tests.Infrastructure;
using Google.Protobuf;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Sqlite;

/// <summary>
/// The same random writes into our LSM store and the SQLite reference backend give the same answers (as sets: the
/// engines order rows differently), a cheap cousin of the tee's equivalence suite.
/// </summary>
public sealed class SqliteLsmEquivalenceTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomSyncs_ReadTheSameOnBothEngines() => TestSeed.Run(output, nameof(RandomSyncs_ReadTheSameOnBothEngines), 5, seed =>
    {
        SyncStoreHarness lsmHarness = new();
        using SqliteHarness sqliteHarness = new();
        using SyncStore lsm = lsmHarness.Open();
        using SqliteSyncStore sqlite = sqliteHarness.Open();
        ISyncStore[] stores = [lsm, sqlite];
        Random random = new(seed);
        for (int sync = 0; sync < 2; sync++)
        {
            foreach (ISyncStore store in stores)
            {
                store.StartNewSync(SyncType.Full);
            }

            string[] types = ["user", "group", "role"];
            Resource[] resources = [.. Enumerable.Range(0, 30).Select(i => MakeResource(types[random.Next(3)], "r" + random.Next(40)))];
            Entitlement[] entitlements = [.. resources.Take(8).Select(r => MakeEntitlement(r, "member"))];
            List<Grant> grants = [];
            for (int i = 0; i < 60; i++)
            {
                Grant grant = MakeGrant(entitlements[random.Next(entitlements.Length)], resources[random.Next(resources.Length)]);
                grants.Add(random.Next(4) == 0 ? grant.With(Expandable(entitlements[random.Next(entitlements.Length)].Id)) : grant);
            }

            foreach (ISyncStore store in stores)
            {
                store.PutResourceTypes([.. types.Take(2 + sync).Select(t => MakeResourceType(t))]);
                store.PutResources(resources);
                store.PutEntitlements(entitlements);
                store.PutGrants([.. grants]);
                store.PutGrants([.. grants.Take(10).Select(WithoutAnnotations)]);
                store.Sessions.Put(new SessionScope(store.StartNewSync(SyncType.Full), "p"), "k" + sync, [(byte)sync]);
            }

            Same(stores, s => Ids(s.Grants.PendingExpansion().Select(p => p.GrantExternalId + "|" + p.Annotation)));
            foreach (ISyncStore store in stores)
            {
                store.EndSync();
            }

            lsmHarness.Clock.Advance(TimeSpan.FromSeconds(5));
            sqliteHarness.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        Same(stores, s => Blobs(All(t => s.ListResources(new ListResourcesRequest { PageSize = 7, PageToken = t }))));
        Same(stores, s => Blobs(All(t => s.ListEntitlements(new ListEntitlementsRequest { PageSize = 7, PageToken = t }))));
        Same(stores, s => Blobs(All(t => s.ListGrants(new ListGrantsRequest { PageSize = 9, PageToken = t }))));
        Same(stores, s => Blobs(All(t => s.ListGrantsWithExpansion(new ListGrantsRequest { PageToken = t }))));
        Same(stores, s => Blobs(All(t => s.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { ResourceTypeId = "group", PageToken = t }))));
        Same(stores, s => Blobs(All(t => s.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest { PrincipalId = new ResourceId { ResourceType = "user", Resource = "r1" }, PageToken = t }))));
        Same(stores, s => Blobs(All(t => s.ListResources(new ListResourcesRequest { ResourceTypeId = "role", PageSize = 3, PageToken = t }))));
        Same(stores, s => Blobs(s.StreamGrants("", new GrantStreamFilter { IncludeExpansion = true })));
        Same(stores, s => Ids(s.SyncMeta.Stats(SyncType.Full, "").Select(e => e.Key + "=" + e.Value)));
        Same(stores, s => [s.SyncMeta.StatsV2(SyncType.Full, "").ToString()]);
        Same(stores, s => Ids(s.Grants.ListWithAnnotations().Select(g => g.GrantExternalId + "|" + g.NeedsExpansion + "|" + g.Annotation)));
        Same(stores, s => Ids(s.ListSyncs(0, null).Items.Select(r => r.SyncType + "|" + r.StartedAt + "|" + r.EndedAt)));
    });

    private static Grant WithoutAnnotations(Grant grant)
    {
        Grant copy = grant.Clone();
        copy.Annotations.Clear();
        return copy;
    }

    private static void Same(ISyncStore[] stores, Func<ISyncStore, List<string>> read) => Assert.Equal(read(stores[0]), read(stores[1]));

    private static List<T> All<T>(Func<string, Page<T>> page)
    {
        List<T> items = [];
        string token = "";
        do
        {
            Page<T> current = page(token);
            items.AddRange(current.Items);
            token = current.NextPageToken;
        }
        while (token.Length != 0);
        return items;
    }

    private static List<string> Blobs<T>(IEnumerable<T> messages)
        where T : IMessage => Ids(messages.Select(m => Convert.ToHexString(m.ToByteArray())));

    private static List<string> Ids(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];
}
