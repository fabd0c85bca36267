using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Core.Identifiers;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>The sync-run readers (spec 1.10; checklist item 8): one run, the runs in creation order, latest finished.</summary>
[Trait("Category", "Unit")]
public sealed class SyncRunReaderTests
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item8_LatestFinished_OrdersByEndedAt_ThenBySyncIdDescending()
    {
        DateTimeOffset t0 = _harness.Clock.GetUtcNow();
        // Ids carry their start second: A > B > C, created in the order A, B, C (each by a fresh handle, so unbound).
        string a = StartOn(t0.AddSeconds(20));
        string b = StartOn(t0.AddSeconds(10));
        string c = StartOn(t0.AddSeconds(5));
        using SyncStore store = _harness.Open();
        _harness.Clock.AdjustTime(t0.AddSeconds(30));
        foreach (string id in new[] { b, a })
        {
            store.ResumeSync(SyncType.Full, id);
            store.EndSync();
        }

        _harness.Clock.AdjustTime(t0.AddSeconds(40));
        store.ResumeSync(SyncType.Full, c);
        store.EndSync();

        // C ended last despite the smallest id; A and B tie on ended_at, and the greater id (A) comes first.
        Assert.Equal(c, store.LatestFinishedSyncId(SyncType.Full));
        Assert.Equal(a, store.PreviousSyncId(SyncType.Full));
        Assert.Equal(a, store.PreviousSyncId(SyncType.Any));
        Assert.Equal(c, store.GetLatestFinishedSync(SyncType.Any)!.Id);
    }

    private string StartOn(DateTimeOffset when)
    {
        _harness.Clock.AdjustTime(when);
        using SyncStore store = _harness.Open();
        return store.StartNewSync(SyncType.Full);
    }

    [Fact]
    public void Item8_LatestFullSync_IgnoresPartialAndRunningSyncs_AndAnyTypeIncludesPartialsAndDiffs()
    {
        using SyncStore store = _harness.Open();
        ISyncMeta meta = store.SyncMeta;
        Assert.Null(meta.LatestFullSync());
        Assert.Null(meta.LatestFinishedSyncOfAnyType());
        Assert.Equal("", store.LatestFinishedSyncId(SyncType.Any));
        Assert.Equal("", store.PreviousSyncId(SyncType.Any));
        Assert.Null(store.GetLatestFinishedSync(SyncType.Any));

        string full = store.Ended(_harness.Clock);
        string partial = store.Ended(_harness.Clock, SyncType.Partial, parent: full);
        string upserts = store.Ended(_harness.Clock, SyncType.PartialUpserts, parent: full);
        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        store.StartNewSync(SyncType.Full);

        Assert.Equal(full, meta.LatestFullSync()!.Id);
        Assert.Equal(upserts, meta.LatestFinishedSyncOfAnyType()!.Id);
        Assert.Equal(partial, store.LatestFinishedSyncId(SyncType.Partial));
        Assert.Equal(partial, store.PreviousSyncId(SyncType.Any));
        Assert.Equal("", store.PreviousSyncId(SyncType.Full));
    }

    [Fact]
    public void UnknownSyncTypes_AreInvalidArgument()
    {
        using SyncStore store = _harness.Open();

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.LatestFinishedSyncId((SyncType)42));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.PreviousSyncId((SyncType)42));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.GetLatestFinishedSync((SyncType)42));
    }

    [Fact]
    public void GetSync_ReturnsTheRunWithItsStats_AndNotFoundForAMissingSync()
    {
        using SyncStore store = _harness.Open();
        DateTimeOffset started = _harness.Clock.GetUtcNow().AddSeconds(1);
        string id = store.Ended(_harness.Clock, fill: s =>
        {
            s.PutResourceTypes(MakeResourceType("user"));
            s.PutResources(MakeResource("user", "alice"));
            s.CheckpointSync("""{"version":1}""");
            _harness.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        });

        SyncRun run = store.GetSync(id);

        Assert.Equal((id, "full", "", """{"version":1}"""), (run.Id, run.SyncType, run.ParentSyncId, run.SyncToken));
        Assert.Equal(started, run.StartedAt.ToDateTimeOffset());
        Assert.Equal(started.AddMilliseconds(1500), run.EndedAt.ToDateTimeOffset());
        Assert.Equal((1, 1), (run.Stats.ResourceTypes, run.Stats.Resources));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetSync(Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString()));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetSync("not-a-ksuid"));
    }

    [Fact]
    public void GetSync_OfARunningSync_HasNoEndedAt_AndCountsWhatIsThere()
    {
        using SyncStore store = _harness.Open();
        string id = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"));

        SyncRun run = store.GetSync(id);

        Assert.Null(run.EndedAt);
        Assert.Equal(2, run.Stats.ResourceTypes);
        Assert.Null(store.TryGetRun(Ksuid.Parse(id))!.Stats);
    }

    [Fact]
    public void GetLatestFinishedSync_CarriesStats()
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock, fill: s => s.PutResourceTypes(MakeResourceType("user")));

        SyncRun? latest = store.GetLatestFinishedSync(SyncType.Full);

        Assert.Equal(id, latest!.Id);
        Assert.Equal(1, latest.Stats.ResourceTypes);
        Assert.Null(store.GetLatestFinishedSync(SyncType.Partial));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(0)]
    public void ListSyncs_VisitsEveryRunOnceInCreationOrder_WithoutStats(int pageSize)
    {
        using SyncStore store = _harness.Open();
        // Seven syncs within one second: only the creation sequence orders them.
        List<string> created = [];
        for (int i = 0; i < 7; i++)
        {
            created.Add(store.StartNewSync(SyncType.Full));
            store.PutResourceTypes(MakeResourceType("user"));
            store.EndSync();
        }

        List<SyncRun> listed = [];
        string? token = null;
        do
        {
            Page<SyncRun> page = store.ListSyncs(pageSize, token);
            Assert.InRange(page.Items.Count, 1, Engine.Api.Sync.Requests.Paging.Clamp(pageSize));
            listed.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length != 0);

        Assert.Equal(created, listed.Select(r => r.Id));
        Assert.All(listed, r => Assert.Null(r.Stats));
    }

    [Fact]
    public void ListSyncRuns_ReturnsEverythingAboutEachRun_OldestFirst()
    {
        using SyncStore store = _harness.Open();
        string full = store.Ended(_harness.Clock, fill: s => s.PutResourceTypes(MakeResourceType("user")));
        string upserts = store.Ended(_harness.Clock, SyncType.PartialUpserts, parent: full);
        store.SyncMeta.SetSyncLink(upserts, full);
        store.SyncMeta.MarkSyncSupportsDiff(upserts);
        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        string running = store.StartNewSync(SyncType.Full);

        Page<SyncRunInfo> page = store.ListSyncRuns(0, null);

        Assert.Equal([full, upserts, running], page.Items.Select(r => r.Id));
        Assert.Equal("", page.NextPageToken);
        SyncRunInfo diff = page.Items[1];
        Assert.Equal(("partial_upserts", full, full, true), (diff.Type, diff.ParentSyncId, diff.LinkedSyncId, diff.SupportsDiff));
        Assert.Equal(1, page.Items[0].Stats!.ResourceTypes);
        Assert.Null(page.Items[2].EndedAt);
        Assert.Null(page.Items[2].Stats);
        Assert.Null(diff.IngestInvariantVerification);
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("AQ")]
    [InlineData("AgAA")]
    public void MalformedOrForeignPageTokens_AreInvalidArgument(string token)
    {
        using SyncStore store = _harness.Open();
        store.Ended(_harness.Clock);
        store.Ended(_harness.Clock);
        string valid = store.ListSyncs(1, null).NextPageToken;
        Assert.NotEmpty(valid);
        Assert.Single(store.ListSyncRuns(1, valid).Items);

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListSyncs(1, token));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListSyncRuns(1, token));
    }
}
