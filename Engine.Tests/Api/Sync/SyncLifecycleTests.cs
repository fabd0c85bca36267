using Engine.Api;
using Engine.Api.Sync;
using Engine.Core.Identifiers;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// The sync lifecycle against the behaviour checklist of shared/spec/baton-storage.md, section 5 (items 1 to 8), and the
/// rules of section 1.3.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncLifecycleTests
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item1_WritesWithoutACurrentSyncFail()
    {
        using SyncStore store = _harness.Open();

        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.CheckpointSync("{}"));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.EndSync());
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.CurrentSyncStep());
    }

    [Theory]
    [InlineData(SyncType.Full, "p")]
    [InlineData(SyncType.ResourcesOnly, "p")]
    [InlineData(SyncType.Any, "")]
    [InlineData((SyncType)42, "")]
    public void Item2_StartNewSync_RejectsAParentOnFullAndResourcesOnly_AndTheAnyType(SyncType type, string parent)
    {
        using SyncStore store = _harness.Open();

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.StartNewSync(type, parent));
        Assert.False(store.IsDirty);
    }

    [Theory]
    [InlineData(SyncType.Partial)]
    [InlineData(SyncType.PartialUpserts)]
    [InlineData(SyncType.PartialDeletions)]
    public void Item2_PartialTypes_AcceptAParent(SyncType type)
    {
        using SyncStore store = _harness.Open();
        string parent = store.StartNewSync(SyncType.Full);
        store.EndSync();

        string id = store.StartNewSync(type, parent);

        Assert.NotEqual(parent, id);
        Assert.Equal(id, store.ResumeSync(type));
    }

    [Fact]
    public void Item3_StartNewSync_WhileOpen_ReturnsTheSameIdForTheSameType_AndFailsForAnother()
    {
        using SyncStore store = _harness.Open();
        string id = store.StartNewSync(SyncType.Full);

        Assert.Equal(id, store.StartNewSync(SyncType.Full));
        StorageException ex = SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.StartNewSync(SyncType.Partial));
        Assert.Contains(id, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Item3_StartNewSync_AfterTheBoundSyncEnded_StartsANewOne()
    {
        using SyncStore store = _harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        store.EndSync();
        store.SetCurrentSync(first);

        string second = store.StartNewSync(SyncType.Full);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Item4_SyncIdsAreKsuids_AndLaterOnesSortGreater()
    {
        using SyncStore store = _harness.Open();
        List<string> ids = [];
        for (int i = 0; i < 5; i++)
        {
            ids.Add(store.StartNewSync(SyncType.Full));
            store.EndSync();
            _harness.Clock.Advance(TimeSpan.FromSeconds(i % 2));
        }

        Assert.All(ids, id => Assert.Equal(Ksuid.StringLength, id.Length));
        Assert.All(ids, id => Assert.True(Ksuid.TryParse(id, out _)));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Item5_EndSync_StampsEndedAt_Unbinds_AndLaterWritesFail()
    {
        using SyncStore store = _harness.Open();
        string id = store.StartNewSync(SyncType.Full);
        _harness.Clock.Advance(TimeSpan.FromMinutes(3));

        store.EndSync();

        Assert.Equal(_harness.Clock.GetUtcNow(), Engine.Api.Sync.SyncStore.FromUnixNanos(store.TryGetRun(Ksuid.Parse(id))!.EndedAtUnixNanos!.Value));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.CheckpointSync("{}"));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.EndSync());
        Assert.Equal(id, store.LatestFinished(SyncType.Full, 0)!.Value.Id.ToString());
    }

    [Fact]
    public void Item5_SetCurrentSync_OnAnEndedSync_AllowsWritesAgain_AndEndSyncKeepsTheFirstEndedAt()
    {
        using SyncStore store = _harness.Open();
        string id = store.StartNewSync(SyncType.Full);
        store.EndSync();
        long endedAt = store.TryGetRun(Ksuid.Parse(id))!.EndedAtUnixNanos!.Value;
        _harness.Clock.Advance(TimeSpan.FromHours(1));

        store.SetCurrentSync(id);
        store.CheckpointSync("again");
        store.EndSync();

        Assert.Equal(endedAt, store.TryGetRun(Ksuid.Parse(id))!.EndedAtUnixNanos);
        Assert.Equal("again", store.TryGetRun(Ksuid.Parse(id))!.SyncToken);
    }

    [Fact]
    public void Item6_AfterARestart_ResumeSyncRestoresTheBinding_AndTheLastCheckpointToken()
    {
        string id;
        using (SyncStore store = _harness.Open())
        {
            id = store.StartNewSync(SyncType.Full);
            store.CheckpointSync("""{"step":1}""");
            store.CheckpointSync("""{"step":2}""");
        }

        using SyncStore reopened = _harness.Open();
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => reopened.CurrentSyncStep());

        Assert.Equal(id, reopened.ResumeSync(SyncType.Full, id));
        Assert.Equal("""{"step":2}""", reopened.CurrentSyncStep());
    }

    [Fact]
    public void Item7_StartOrResumeSync_ResumesTheNewestUnfinishedSyncWithinSevenDays()
    {
        string older;
        string newer;
        using (SyncStore store = _harness.Open())
        {
            older = store.StartNewSync(SyncType.Full);
        }

        _harness.Clock.Advance(TimeSpan.FromHours(1));
        using (SyncStore store = _harness.Open())
        {
            store.ResumeSync(SyncType.Full, older);
            Assert.Equal(older, store.StartNewSync(SyncType.Full));
        }

        using (SyncStore store = _harness.Open())
        {
            newer = store.StartNewSync(SyncType.Partial);
        }

        using SyncStore reopened = _harness.Open();

        Assert.Equal((newer, false), reopened.StartOrResumeSync(SyncType.Any));
        Assert.NotEqual(older, newer);
    }

    [Fact]
    public void Item7_StartOrResumeSync_StartsANewSync_WhenTheUnfinishedOneIsOlderThanSevenDays()
    {
        string stale;
        using (SyncStore store = _harness.Open())
        {
            stale = store.StartNewSync(SyncType.Full);
        }

        _harness.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        using SyncStore reopened = _harness.Open();

        (string id, bool startedNew) = reopened.StartOrResumeSync(SyncType.Full);

        Assert.True(startedNew);
        Assert.NotEqual(stale, id);
        Assert.Equal(id, reopened.ResumeSync(SyncType.Full));
    }

    [Fact]
    public void Item7_StartOrResumeSync_WithAnUnknownId_IsNotFound()
    {
        using SyncStore store = _harness.Open();
        string unknown = Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString();

        StorageException ex = SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.StartOrResumeSync(SyncType.Full, unknown));

        Assert.Contains("to resume", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeSync_ChecksTypeEndedAndBinding()
    {
        string ended;
        string open;
        using (SyncStore store = _harness.Open())
        {
            ended = store.StartNewSync(SyncType.Full);
            store.EndSync();
            open = store.StartNewSync(SyncType.Partial);

            // A different id while one is bound; the same id returns it.
            SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.ResumeSync(SyncType.Partial, ended));
            Assert.Equal(open, store.ResumeSync(SyncType.Partial, open));
            Assert.Equal(open, store.ResumeSync(SyncType.Any));
            SyncStoreHarness.Fails(StorageErrorCode.Internal, () => store.ResumeSync(SyncType.Full));
        }

        using SyncStore reopened = _harness.Open();
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => reopened.ResumeSync(SyncType.Full, ended));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => reopened.ResumeSync(SyncType.Full, open));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => reopened.ResumeSync(SyncType.Full));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => reopened.ResumeSync(SyncType.Full, "not-a-ksuid"));
        Assert.Equal(open, reopened.ResumeSync(SyncType.Partial));
    }

    [Fact]
    public void Item8_LatestFinished_OrdersByEndedAtThenIdDescending_AndFiltersByType()
    {
        using SyncStore store = _harness.Open();
        string full1 = store.StartNewSync(SyncType.Full);
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(5));
        string partial = store.StartNewSync(SyncType.Partial, full1);
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(5));
        string full2 = store.StartNewSync(SyncType.Full);

        // full2 is open: it is not finished.
        Assert.Equal(full1, store.LatestFinished(SyncType.Full, 0)!.Value.Id.ToString());
        Assert.Equal(partial, store.LatestFinished(SyncType.Any, 0)!.Value.Id.ToString());
        Assert.Equal(full1, store.LatestFinished(SyncType.Any, 1)!.Value.Id.ToString());
        Assert.Null(store.LatestFinished(SyncType.Full, 1));

        store.EndSync();
        Assert.Equal(full2, store.LatestFinished(SyncType.Full, 0)!.Value.Id.ToString());
    }

    [Fact]
    public void ViewSync_FailsWhileASyncRuns_AndNeedsAnExistingSync()
    {
        using SyncStore store = _harness.Open();
        string id = store.StartNewSync(SyncType.Full);

        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.ViewSync(id));
        store.EndSync();
        store.ViewSync(id);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.ViewSync(Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString()));
    }

    [Fact]
    public void ReadOnlyStore_RefusesToStartASync()
    {
        using (SyncStore store = _harness.Open())
        {
            store.StartNewSync(SyncType.Full);
        }

        using SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true });

        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.StartNewSync(SyncType.Full));
        Assert.False(readOnly.IsDirty);
    }
}
