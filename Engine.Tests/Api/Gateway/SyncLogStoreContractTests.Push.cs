using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncLogStoreContractTests
{
    [Fact]
    public async Task Push_TwoNewOps_GetVersionsOneAndTwo_AndTheCounter()
    {
        string ws = NewWorkspace();
        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, Put("a", 1), Put("b", 1));

        Assert.Equal([1L, 2L], outcomes.Select(o => o.ServerVersion));
        Assert.All(outcomes, o => Assert.Equal(PreparedOpStatus.Applied, o.Status));
        Assert.All(outcomes, o => Assert.True(o.Applied));
        Assert.All(outcomes, o => Assert.False(o.WasExisting));
        Assert.Equal(2, counter);
    }

    [Fact]
    public async Task Push_VersionsAreContiguousAcrossBatches()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1));
        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, Put("c", 1), Put("a", 2), Put("d", 1));

        Assert.Equal([3L, 4L, 5L], outcomes.Select(o => o.ServerVersion));
        Assert.Equal(5, counter);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await PullAsync(ws)).Changes.Select(c => c.ServerVersion));
    }

    [Fact]
    public async Task Push_EmptyBatch_OnANewWorkspace_ReturnsZero_AndOnAnOldOneTheCounter()
    {
        string ws = NewWorkspace();
        Assert.Equal(0, (await PushAsync(ws)).ServerVersion);
        await PushAsync(ws, Put("a", 1));
        Assert.Equal(1, (await PushAsync(ws)).ServerVersion);
    }

    [Fact]
    public async Task Push_ReplayedOpId_ReturnsTheOriginalVersion_AndAllocatesNothing()
    {
        string ws = NewWorkspace();
        PreparedOp op = Put("a", 1, """{"id":"a"}""");
        await PushAsync(ws, op, Put("b", 1));

        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, op);

        PreparedOpOutcome replay = Assert.Single(outcomes);
        Assert.Equal(PreparedOpStatus.Replayed, replay.Status);
        Assert.Equal(1, replay.ServerVersion);
        Assert.True(replay.Applied);
        Assert.Equal(2, counter);
        Assert.Equal(2, (await PullAsync(ws)).Changes.Count);
    }

    [Fact]
    public async Task Push_ReplayOfAnOpThatWasOverwritten_IsNotApplied()
    {
        string ws = NewWorkspace();
        PreparedOp first = Put("a", 1);
        await PushAsync(ws, first);
        await PushAsync(ws, Put("a", 2));

        PreparedOpOutcome replay = Assert.Single((await PushAsync(ws, first)).Outcomes);

        Assert.Equal(PreparedOpStatus.Replayed, replay.Status);
        Assert.Equal(1, replay.ServerVersion);
        Assert.False(replay.Applied);
    }

    [Fact]
    public async Task Push_ReplayedAndNewOpsInOneBatch_OnlyTheNewOnesGetVersions_InOrder()
    {
        string ws = NewWorkspace();
        PreparedOp old = Put("a", 1);
        await PushAsync(ws, old);

        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, Put("b", 1), old, Put("c", 1));

        Assert.Equal([PreparedOpStatus.Applied, PreparedOpStatus.Replayed, PreparedOpStatus.Applied], outcomes.Select(o => o.Status));
        Assert.Equal([2L, 1L, 3L], outcomes.Select(o => o.ServerVersion));
        Assert.Equal(3, counter);
    }

    [Fact]
    public async Task Push_ProcessedOpIdWithADifferentFingerprint_Conflicts_AndAllocatesNothing()
    {
        string ws = NewWorkspace();
        PreparedOp op = Put("a", 1, """{"v":1}""");
        await PushAsync(ws, op);

        PreparedOp reused = Put("a", 1, """{"v":2}""", opId: op.OpId);
        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, reused, Put("b", 1));

        Assert.Equal(PreparedOpStatus.Conflict, outcomes[0].Status);
        Assert.Equal(0, outcomes[0].ServerVersion);
        Assert.False(outcomes[0].Applied);
        Assert.Equal(2, outcomes[1].ServerVersion);
        Assert.Equal(2, counter);
        Assert.Equal("""{"v":1}""", Text((await PullAsync(ws)).Changes[0].PayloadJson));
    }

    [Fact]
    public async Task Push_OpIdLoggedInAnotherWorkspace_Conflicts_EvenWithTheSameFingerprint()
    {
        string first = NewWorkspace();
        string second = NewWorkspace();
        PreparedOp op = Put("a", 1);
        await PushAsync(first, op);

        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(second, op);

        Assert.Equal(PreparedOpStatus.Conflict, Assert.Single(outcomes).Status);
        Assert.Equal(0, counter);
        Assert.Empty((await PullAsync(second)).Changes);
    }

    [Fact]
    public async Task Lww_HigherClockWins()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1, """{"v":1}""", hlc: "z"));
        PreparedOpOutcome outcome = Assert.Single((await PushAsync(ws, Put("a", 2, """{"v":2}""", hlc: "a"))).Outcomes);

        Assert.Equal(PreparedOpStatus.Applied, outcome.Status);
        Assert.True(outcome.WasExisting);
        Assert.Equal("""{"v":2}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items)).PayloadJson));
    }

    [Fact]
    public async Task Lww_EqualClocks_TheGreaterHlcWins()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 3, """{"v":1}""", hlc: "2026-b"));
        PreparedOpOutcome lower = Assert.Single((await PushAsync(ws, Put("a", 3, """{"v":2}""", hlc: "2026-a"))).Outcomes);
        PreparedOpOutcome higher = Assert.Single((await PushAsync(ws, Put("a", 3, """{"v":3}""", hlc: "2026-c"))).Outcomes);

        Assert.Equal(PreparedOpStatus.Lost, lower.Status);
        Assert.Equal(PreparedOpStatus.Applied, higher.Status);
        Assert.Equal("""{"v":3}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items)).PayloadJson));
    }

    [Fact]
    public async Task Lww_EqualClockAndHlc_TheOpIdBreaksTheTieOrdinally()
    {
        string ws = NewWorkspace();
        string prefix = NewOpId();
        await PushAsync(ws, Put("a", 1, """{"v":"a"}""", opId: prefix + "-a"));

        // Ordinal order: "Z" (0x5A) sorts before "a" (0x61), so the upper-case op id loses.
        PreparedOpOutcome upper = Assert.Single((await PushAsync(ws, Put("a", 1, """{"v":"Z"}""", opId: prefix + "-Z"))).Outcomes);
        PreparedOpOutcome later = Assert.Single((await PushAsync(ws, Put("a", 1, """{"v":"b"}""", opId: prefix + "-b"))).Outcomes);

        Assert.Equal(PreparedOpStatus.Lost, upper.Status);
        Assert.Equal(PreparedOpStatus.Applied, later.Status);
        SnapshotRow row = Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items));
        Assert.Equal(new Revision(1, "h0", prefix + "-b"), row.Revision);
    }

    [Fact]
    public async Task Lww_LowerClock_IsLoggedAndVersioned_ButNotApplied_AndReturnsTheWinner()
    {
        string ws = NewWorkspace();
        PreparedOp winner = Put("a", 5, """{"v":"winner"}""");
        await PushAsync(ws, winner);

        (IReadOnlyList<PreparedOpOutcome> outcomes, long counter) = await PushAsync(ws, Put("a", 4, """{"v":"loser"}"""));

        PreparedOpOutcome lost = Assert.Single(outcomes);
        Assert.Equal(PreparedOpStatus.Lost, lost.Status);
        Assert.Equal(2, lost.ServerVersion);
        Assert.False(lost.Applied);
        Assert.True(lost.WasExisting);
        PutWinner put = Assert.IsType<PutWinner>(lost.Winner);
        Assert.Equal(winner.Revision, put.Revision);
        Assert.Equal("""{"v":"winner"}""", Text(put.PayloadJson));
        Assert.Equal(2, counter);
        Assert.Equal("""{"v":"loser"}""", Text((await PullAsync(ws, cursor: 1)).Changes.Single().PayloadJson));
        Assert.Equal("""{"v":"winner"}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items)).PayloadJson));
    }

    [Fact]
    public async Task Lww_WithinOneBatch_EachOpIsDecidedAgainstTheEarlierOnes()
    {
        string ws = NewWorkspace();
        (IReadOnlyList<PreparedOpOutcome> outcomes, _) = await PushAsync(ws, Put("a", 2, """{"v":2}"""), Put("a", 1, """{"v":1}"""), Put("a", 3, """{"v":3}"""));

        Assert.Equal([PreparedOpStatus.Applied, PreparedOpStatus.Lost, PreparedOpStatus.Applied], outcomes.Select(o => o.Status));
        Assert.Equal([false, true, true], outcomes.Select(o => o.WasExisting));
        Assert.Equal(2, Assert.IsType<PutWinner>(outcomes[1].Winner).Revision.Clock);
        Assert.Equal("""{"v":3}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items)).PayloadJson));
    }

    [Fact]
    public async Task Delete_CreatesATombstoneWithServerTime_AndMarksTheRecordDeleted()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1));
        Time.Advance(TimeSpan.FromMinutes(5));
        PreparedOpOutcome outcome = Assert.Single((await PushAsync(ws, Delete("a", 2))).Outcomes);

        Assert.Equal(PreparedOpStatus.Applied, outcome.Status);
        Assert.True(outcome.WasExisting);
        SnapshotTombstone tombstone = Assert.IsType<SnapshotTombstone>(Assert.Single((await SnapshotAsync(ws)).Items));
        Assert.Equal(Ms(Start.AddMinutes(5)), tombstone.ServerDeletedAt);
        Assert.Equal(2, tombstone.Revision.Clock);
    }

    [Fact]
    public async Task Delete_OfARecordNeverWritten_IsApplied_AndLeavesATombstone()
    {
        string ws = NewWorkspace();
        PreparedOpOutcome outcome = Assert.Single((await PushAsync(ws, Delete("ghost", 1))).Outcomes);

        Assert.Equal(PreparedOpStatus.Applied, outcome.Status);
        Assert.False(outcome.WasExisting);
        Assert.IsType<SnapshotTombstone>(Assert.Single((await SnapshotAsync(ws)).Items));
    }

    [Fact]
    public async Task Regression_RepeatedDeletes_KeepOneTombstone_WithTheMaxClock()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1));
        await PushAsync(ws, Delete("a", 2));
        await PushAsync(ws, Delete("a", 5));
        PreparedOpOutcome stale = Assert.Single((await PushAsync(ws, Delete("a", 3))).Outcomes);

        Assert.Equal(PreparedOpStatus.Lost, stale.Status);
        Assert.Equal(5, Assert.IsType<DeleteWinner>(stale.Winner).Revision.Clock);
        SnapshotTombstone tombstone = Assert.IsType<SnapshotTombstone>(Assert.Single((await SnapshotAsync(ws)).Items));
        Assert.Equal(5, tombstone.Revision.Clock);

        // One tombstone to collect, not one per delete.
        Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await Store.GcTombstonesAsync(ws, Time.GetUtcNow().AddDays(-1))).EntriesDeleted);
    }

    [Fact]
    public async Task Delete_ThatLosesToANewerLiveRow_WritesNoTombstone_AndTheRowStays()
    {
        string ws = NewWorkspace();
        PreparedOp live = Put("a", 5, """{"v":"live"}""");
        await PushAsync(ws, live);

        PreparedOpOutcome outcome = Assert.Single((await PushAsync(ws, Delete("a", 4))).Outcomes);

        Assert.Equal(PreparedOpStatus.Lost, outcome.Status);
        Assert.Equal(2, outcome.ServerVersion);
        Assert.True(outcome.WasExisting);
        Assert.Equal(live.Revision, Assert.IsType<PutWinner>(outcome.Winner).Revision);
        Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items));
        Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, (await Store.GcTombstonesAsync(ws, Time.GetUtcNow().AddDays(-1))).EntriesDeleted);
    }

    [Fact]
    public async Task Put_StaleAgainstATombstone_IsNotApplied_AndANewerPutResurrects()
    {
        string ws = NewWorkspace();
        PreparedOp delete = Delete("a", 5);
        await PushAsync(ws, delete);

        PreparedOpOutcome stale = Assert.Single((await PushAsync(ws, Put("a", 3, """{"v":"stale"}"""))).Outcomes);

        Assert.Equal(PreparedOpStatus.Lost, stale.Status);
        Assert.True(stale.WasExisting);
        DeleteWinner winner = Assert.IsType<DeleteWinner>(stale.Winner);
        Assert.Equal(delete.Revision, winner.Revision);
        Assert.Equal(Ms(Start), winner.ServerDeletedAt);
        Assert.IsType<SnapshotTombstone>(Assert.Single((await SnapshotAsync(ws)).Items));

        PreparedOpOutcome newer = Assert.Single((await PushAsync(ws, Put("a", 6, """{"v":"back"}"""))).Outcomes);
        Assert.Equal(PreparedOpStatus.Applied, newer.Status);
        Assert.Equal("""{"v":"back"}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(ws)).Items)).PayloadJson));
    }

    [Fact]
    public async Task Regression_MaterializedPkIsWorkspaceScoped_TheSamePkLivesInTwoWorkspaces()
    {
        string first = NewWorkspace();
        string second = NewWorkspace();
        await PushAsync(first, Put("a", 5, """{"ws":1}"""));

        PreparedOpOutcome outcome = Assert.Single((await PushAsync(second, Put("a", 1, """{"ws":2}"""))).Outcomes);

        Assert.Equal(PreparedOpStatus.Applied, outcome.Status);
        Assert.False(outcome.WasExisting);
        Assert.Equal(1, outcome.ServerVersion);
        Assert.Equal("""{"ws":1}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(first)).Items)).PayloadJson));
        Assert.Equal("""{"ws":2}""", Text(Assert.IsType<SnapshotRow>(Assert.Single((await SnapshotAsync(second)).Items)).PayloadJson));
    }

    [Fact]
    public async Task Push_TheSamePkInTwoTables_IsTwoRecords()
    {
        string ws = NewWorkspace();
        (IReadOnlyList<PreparedOpOutcome> outcomes, _) = await PushAsync(ws, Put("a", 5, table: "threads"), Put("a", 1, table: "messages"));

        Assert.All(outcomes, o => Assert.Equal(PreparedOpStatus.Applied, o.Status));
        Assert.Equal(2, (await SnapshotAsync(ws)).Items.Count);
    }
}
