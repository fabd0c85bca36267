using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Core.Identifiers;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>Cleanup and DeleteSyncRun on a store (spec 1.14, 4.16; checklist items 33, 35 and 36).</summary>
[Trait("Category", "Unit")]
public sealed class SyncRetentionTests(ITestOutputHelper output)
{
    private readonly SyncStoreHarness _harness = new();

    /// <summary>A full sync with <paramref name="types"/> resource types, each with one resource.</summary>
    private string FullSync(SyncStore store, int types) => store.Ended(_harness.Clock, fill: s =>
    {
        for (int i = 0; i < types; i++)
        {
            s.PutResourceTypes(MakeResourceType($"t{i}"));
            s.PutResources(MakeResource($"t{i}", "r"));
        }
    });

    [Fact]
    public void Item33_Cleanup_KeepsTheTwoNewestFullSyncsOfTen_WithTheirStatsIntact()
    {
        using SyncStore store = _harness.Open();
        List<string> ids = [.. Enumerable.Range(1, 10).Select(i => FullSync(store, i))];
        SyncRun[] kept = [store.GetSync(ids[8]), store.GetSync(ids[9])];

        store.Cleanup();

        Assert.Equal(ids[8..], store.ListSyncRuns(0, null).Items.Select(r => r.Id));
        Assert.Equal<SyncRun>(kept, [store.GetSync(ids[8]), store.GetSync(ids[9])]);
        Assert.Equal(10, store.SyncMeta.StatsV2(SyncType.Full, "").ResourceTypes);
        Assert.All(ids[..8], id => SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetSync(id)));
        Assert.Empty(store.ListResources(new ListResourcesRequest { SyncId = ids[0] }).Items);
        Assert.True(store.IsDirty);
    }

    [Fact]
    public void Item33_WithASyncOpen_CleanupKeepsOneFullSyncFewer_AndNeverTheOpenOne()
    {
        using SyncStore store = _harness.Open();
        List<string> ids = [.. Enumerable.Range(1, 4).Select(i => FullSync(store, 1))];
        string open = store.StartNewSync(SyncType.Full);

        store.Cleanup();

        Assert.Equal([ids[3], open], store.ListSyncRuns(0, null).Items.Select(r => r.Id));
    }

    [Fact]
    public void Cleanup_HonoursKeepSyncCount_AndRemovesPartialsOlderThanTheKeptFulls()
    {
        using (SyncStore store = _harness.Open())
        {
            FullSync(store, 1);
            store.Ended(_harness.Clock, SyncType.Partial);
            FullSync(store, 1);
            FullSync(store, 1);
        }

        using SyncStore three = _harness.Open(new SyncStoreOptions { KeepSyncCount = 3 });
        three.Cleanup();
        Assert.Equal(4, three.ListSyncRuns(0, null).Items.Count);
        three.Dispose();

        using SyncStore one = _harness.Open(new SyncStoreOptions { KeepSyncCount = 1 });
        one.Cleanup();
        Assert.Equal(["full"], one.ListSyncRuns(0, null).Items.Select(r => r.Type));
    }

    [Fact]
    public void Item35_DeleteSyncRun_RefusesTheCurrentSync_AndAMissingOne()
    {
        using SyncStore store = _harness.Open();
        string ended = FullSync(store, 1);
        string current = store.StartNewSync(SyncType.Full);

        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.DeleteSyncRun(current));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.DeleteSyncRun(Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString()));
        store.DeleteSyncRun(ended);

        Assert.Equal([current], store.ListSyncRuns(0, null).Items.Select(r => r.Id));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.DeleteSyncRun(ended));
    }

    [Fact]
    public void Item35_DeletingTheLatestFullSync_MovesDefaultReadsToThePreviousOne()
    {
        using SyncStore store = _harness.Open();
        store.Ended(_harness.Clock, fill: s => s.PutResourceTypes(MakeResourceType("old")));
        string latest = store.Ended(_harness.Clock, fill: s => s.PutResourceTypes(MakeResourceType("new")));
        Assert.Equal("new", store.ListResourceTypes(new ListResourceTypesRequest()).Items.Single().Id);

        store.DeleteSyncRun(latest);

        Assert.Equal("old", store.ListResourceTypes(new ListResourceTypesRequest()).Items.Single().Id);
    }

    [Fact]
    public void Item36_SkipCleanupOption_MakesCleanupDoNothing()
    {
        using (SyncStore store = _harness.Open())
        {
            for (int i = 0; i < 4; i++)
            {
                FullSync(store, 1);
            }
        }

        using SyncStore skipping = _harness.Open(new SyncStoreOptions { SkipCleanup = true });
        skipping.Cleanup();

        Assert.Equal(4, skipping.ListSyncRuns(0, null).Items.Count);
        Assert.False(skipping.IsDirty);
    }

    [Fact]
    public void Item36_SkipVacuum_KeepsTheDeletes_ButCompactsNothing()
    {
        using SyncStore store = _harness.Open(new SyncStoreOptions { SkipVacuum = true });
        List<string> ids = [.. Enumerable.Range(1, 4).Select(i => FullSync(store, 3))];
        DatabaseMetrics before = store.Db.GetMetrics();

        store.Cleanup();
        store.DeleteSyncRun(ids[2]);

        DatabaseMetrics after = store.Db.GetMetrics();
        Assert.Equal([ids[3]], store.ListSyncRuns(0, null).Items.Select(r => r.Id));
        Assert.Equal((before.FlushCount, before.CompactionCount), (after.FlushCount, after.CompactionCount));
    }

    [Fact]
    public void Cleanup_OnAReadOnlyStore_FailsWithReadOnly()
    {
        using (SyncStore store = _harness.Open())
        {
            FullSync(store, 1);
        }

        using SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true });

        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, readOnly.Cleanup);
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.DeleteSyncRun(readOnly.LatestFinishedSyncId(SyncType.Full)));
    }

    [Fact]
    public void DeleteSyncRun_GivesTheSpaceBack()
    {
        using SyncStore store = _harness.Open();
        string kept = FullSync(store, 2);
        string large = store.Ended(_harness.Clock, fill: s =>
        {
            Resource group = MakeResource("group", "g");
            Entitlement member = MakeEntitlement(group, "member");
            s.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"));
            s.PutResources(group);
            s.PutEntitlements(member);
            for (int batch = 0; batch < 40; batch++)
            {
                Resource[] users = [.. Enumerable.Range(batch * 250, 250).Select(i => MakeResource("user", $"u{i:D6}", group).Renamed(new string('x', 200) + i))];
                s.PutResources(users);
                s.PutGrants([.. users.Select(u => MakeGrant(member, u))]);
            }
        });
        store.Db.Flush();
        long before = StoreBytes();

        store.DeleteSyncRun(large);

        long after = StoreBytes();
        output.WriteLine($"store files: {before:N0} bytes before deleting a sync of 10,000 resources and grants, {after:N0} after");
        Assert.True(after < before / 10, $"{before} bytes before, {after} after");
        Assert.Equal(2, store.SyncMeta.StatsV2(SyncType.Any, kept).Resources);
    }

    /// <summary>The bytes of every file in the store's directory.</summary>
    private long StoreBytes() =>
        _harness.Fs.List(SyncStoreHarness.StorePath).Sum(name => _harness.Fs.GetLength($"{SyncStoreHarness.StorePath}/{name}"));
}
