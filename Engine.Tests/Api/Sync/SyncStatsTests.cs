using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;
using Google.Protobuf;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>Stats, StatsV2, GrantStats and RecalculateStats (spec 1.11; checklist items 5, 22, 23 and 24).</summary>
[Trait("Category", "Unit")]
public sealed class SyncStatsTests
{
    private static readonly Resource s_alice = MakeResource("user", "alice");
    private static readonly Resource s_bob = MakeResource("user", "bob");
    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Resource s_app = MakeResource("app", "a1");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");
    private static readonly Entitlement s_admin = MakeEntitlement(s_app, "admin");

    private readonly SyncStoreHarness _harness = new();

    /// <summary>
    /// Three resource types (app has no resources), three resources and one of a type outside the catalog, two
    /// entitlements, three grants (two on the group's entitlement, one on the app's, all to users), one asset key.
    /// </summary>
    private static void Fill(SyncStore store)
    {
        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"), MakeResourceType("app"));
        store.PutResources(s_alice, s_bob, s_group, MakeResource("ghost", "g"));
        store.PutEntitlements(s_member, s_admin);
        store.PutGrants(MakeGrant(s_member, s_alice), MakeGrant(s_member, s_bob), MakeGrant(s_admin, s_alice));
        using KeyBuilder key = new();
        store.Db.Put(key.Begin(Keyspace.Asset, store.RequireCurrentSync()).Append("icon").Key, []);
    }

    [Fact]
    public void Item5_EndSync_StoresTheStats()
    {
        using SyncStore store = _harness.Open();
        string id = store.StartNewSync(SyncType.Full);
        Fill(store);
        Assert.Null(store.TryGetRun(Ksuid.Parse(id))!.Stats);

        store.EndSync();

        byte[]? cached = store.TryGetRun(Ksuid.Parse(id))!.Stats;
        Assert.NotNull(cached);
        Assert.Equal(3, SyncStats.Parser.ParseFrom(cached).Grants);
    }

    [Fact]
    public void StatsV2_CountsEveryKind_GrantsByTheEntitlementsResourceType_AndOnlyCatalogResourceTypes()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: Fill);

        SyncStats stats = store.SyncMeta.StatsV2(SyncType.Any, id);

        Assert.Equal((3, 3, 2, 3, 1), (stats.ResourceTypes, stats.Resources, stats.Entitlements, stats.Grants, stats.Assets));
        Assert.Equal([("app", 0L), ("group", 1L), ("user", 2L)], Pairs(stats.ResourcesByResourceType));
        Assert.Equal([("app", 1L), ("group", 1L)], Pairs(stats.EntitlementsByResourceType));
        Assert.Equal([("app", 1L), ("group", 2L)], Pairs(stats.GrantsByResourceType));
        Assert.Equal(new Dictionary<string, long> { ["app"] = 1, ["group"] = 2 }, store.SyncMeta.GrantStats(SyncType.Full, id));
    }

    [Fact]
    public void Item22_Stats_ReportsResourceTypes_APerTypeCount_EntitlementsAndGrants()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: Fill);

        IReadOnlyDictionary<string, long> stats = store.SyncMeta.Stats(SyncType.Any, id);

        Assert.Equal(
            new Dictionary<string, long> { ["resource_types"] = 3, ["entitlements"] = 2, ["grants"] = 3, ["app"] = 0, ["group"] = 1, ["user"] = 2 },
            stats);
    }

    [Fact]
    public void Item22_APartialSync_ReportsZeroEntitlementsAndGrants_AndAResourcesOnlySyncOmitsThem()
    {
        using SyncStore store = _harness.Open();
        void ResourcesOnly(SyncStore s)
        {
            s.PutResourceTypes(MakeResourceType("user"));
            s.PutResources(s_alice);
        }

        string partial = store.Ended(_harness.Clock, SyncType.Partial, ResourcesOnly);
        string resourcesOnly = store.Ended(_harness.Clock, SyncType.ResourcesOnly, s =>
        {
            ResourcesOnly(s);
            s.PutEntitlements(s_member);
        });

        Assert.Equal(new Dictionary<string, long> { ["resource_types"] = 1, ["entitlements"] = 0, ["grants"] = 0, ["user"] = 1 },
            store.SyncMeta.Stats(SyncType.Partial, partial));
        Assert.Equal(new Dictionary<string, long> { ["resource_types"] = 1, ["user"] = 1 }, store.SyncMeta.Stats(SyncType.Any, resourcesOnly));
        Assert.Equal(0, store.SyncMeta.StatsV2(SyncType.ResourcesOnly, resourcesOnly).Entitlements);
    }

    [Fact]
    public void Item23_WrongTypeIsInvalidArgument_AMissingSyncNotFound_AndAnEmptyIdTheLatestFinishedOfTheType()
    {
        using SyncStore store = _harness.Open();
        ISyncMeta meta = store.SyncMeta;
        string full = store.Ended(_harness.Clock, fill: Fill);
        store.Ended(_harness.Clock, SyncType.Partial, s => s.PutResourceTypes(MakeResourceType("user")), parent: full);

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => meta.Stats(SyncType.Partial, full));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => meta.StatsV2(SyncType.ResourcesOnly, full));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => meta.GrantStats(SyncType.PartialUpserts, full));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => meta.Stats((SyncType)42, full));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => meta.Stats(SyncType.Any, Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString()));
        Assert.Equal(3, meta.StatsV2(SyncType.Full, "").ResourceTypes);
        Assert.Equal(1, meta.StatsV2(SyncType.Any, "").ResourceTypes);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => meta.Stats(SyncType.ResourcesOnly, ""));
    }

    [Fact]
    public void Item23_WithOnlyARunningSync_AnEmptyIdIsNotFound_AndItsIdGivesPartialCounts()
    {
        using SyncStore store = _harness.Open();
        string running = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        store.PutResources(s_alice);

        StorageException ex = SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.SyncMeta.Stats(SyncType.Full, ""));
        Assert.Contains("no finished sync", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["resource_types"] = 1, ["entitlements"] = 0, ["grants"] = 0, ["user"] = 1 },
            store.SyncMeta.Stats(SyncType.Full, running));
        Assert.Null(store.TryGetRun(Ksuid.Parse(running))!.Stats);
    }

    [Fact]
    public void Item24_RecalculateStats_OverwritesStaleCachedStats()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: Fill);
        SyncStats fresh = store.SyncMeta.StatsV2(SyncType.Any, id);
        CacheStats(store, id, new SyncStats { ResourceTypes = 99, Grants = 1234 });
        Assert.Equal(99, store.SyncMeta.StatsV2(SyncType.Any, id).ResourceTypes);

        store.SyncMeta.RecalculateStats(id);

        Assert.Equal(fresh, store.SyncMeta.StatsV2(SyncType.Any, id));
        Assert.Equal(SyncStatsCounter.Serialize(fresh), store.TryGetRun(Ksuid.Parse(id))!.Stats);
    }

    [Fact]
    public void Item24_RecalculateStats_RepairsCachedStatsThatDoNotParse()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: Fill);
        SyncRunRecord run = store.TryGetRun(Ksuid.Parse(id))!;
        run.Stats = [0xFF, 0xFF, 0xFF];
        store.PutRun(run, Ksuid.Parse(id));
        Assert.ThrowsAny<CorruptionException>(() => store.GetSync(id));

        store.SyncMeta.RecalculateStats("");

        Assert.Equal(3, store.GetSync(id).Stats.Grants);
    }

    [Fact]
    public void CachedStatsWithoutResourceTypes_AreRecountedOnEveryCall()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: Fill);
        CacheStats(store, id, new SyncStats { ResourceTypes = 0, Grants = 1234 });

        Assert.Equal(3, store.SyncMeta.StatsV2(SyncType.Any, id).Grants);
        Assert.Equal(3, SyncStats.Parser.ParseFrom(store.TryGetRun(Ksuid.Parse(id))!.Stats).Grants);
    }

    [Fact]
    public void AnEndedSyncWithoutCachedStats_IsCountedAndCached_OnlyWhenTheStoreIsWritable()
    {
        string id;
        using (SyncStore store = _harness.Open())
        {
            id = store.Ended(_harness.Clock, fill: Fill);
            CacheStats(store, id, null);
        }

        using (SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true }))
        {
            Assert.Equal(3, readOnly.GetSync(id).Stats.Grants);
            Assert.Null(readOnly.TryGetRun(Ksuid.Parse(id))!.Stats);
            Assert.False(readOnly.IsDirty);
        }

        using SyncStore writable = _harness.Open();
        Assert.Equal(3, writable.GetSync(id).Stats.Grants);
        Assert.NotNull(writable.TryGetRun(Ksuid.Parse(id))!.Stats);
        Assert.True(writable.IsDirty);
    }

    [Fact]
    public void StoredStats_AreDeterministic_WithMapsInUtf8KeyOrder()
    {
        using SyncStore store = _harness.Open();
        // UTF-16 order puts the surrogate pair first; UTF-8 (and the reference's deterministic marshal) puts U+E000 first.
        string[] types = ["\U0001F600", "\uE000", "a"];
        string id = store.Ended(_harness.Clock, fill: s =>
        {
            s.PutResourceTypes([.. types.Select(t => MakeResourceType(t))]);
            s.CheckpointSync("""{"step_durations_ms":{"\uD83D\uDE00":1,"\uE000":2,"a":3}}""");
        });

        SyncStats stored = SyncStats.Parser.ParseFrom(store.TryGetRun(Ksuid.Parse(id))!.Stats);

        string[] utf8Order = ["a", "\uE000", "\U0001F600"];
        Assert.Equal(utf8Order, stored.ResourcesByResourceType.Keys);
        Assert.Equal(utf8Order, stored.StepDurationsMs.Keys);
        Assert.Equal(SyncStatsCounter.Serialize(stored), stored.ToByteArray());
    }

    [Fact]
    public void TimingsFromTheCheckpointToken_AreInTheStats()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: s => s.CheckpointSync("""
            {"version":1,"step_durations_ms":{"list-grants":4000,"rate_limit_wait":1500},
             "connector_call_stats":{"list-grants":{"count":3,"total_ms":4000,"max_ms":2000}},
             "session_store_stats":{"get":{"count":10,"total_ms":5,"max_ms":1,"errors":2,"timeouts":1}}}
            """));

        SyncStats stats = store.GetSync(id).Stats;

        Assert.Equal([("list-grants", 4000L), ("rate_limit_wait", 1500L)], Pairs(stats.StepDurationsMs));
        Assert.Equal(new CallStat { Count = 3, TotalMs = 4000, MaxMs = 2000 }, stats.ConnectorCallStats["list-grants"]);
        Assert.Equal(new CallStat { Count = 10, TotalMs = 5, MaxMs = 1, Errors = 2, Timeouts = 1 }, stats.SessionStoreStats["get"]);
    }

    private static List<(string, long)> Pairs(IEnumerable<KeyValuePair<string, long>> map) => [.. map.Select(e => (e.Key, e.Value))];

    private static void CacheStats(SyncStore store, string syncId, SyncStats? stats)
    {
        SyncRunRecord run = store.TryGetRun(Ksuid.Parse(syncId))!;
        run.Stats = stats?.ToByteArray();
        store.PutRun(run, Ksuid.Parse(syncId));
    }
}
