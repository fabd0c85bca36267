using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncLogStoreContractTests
{
    /// <summary>Five puts at <see cref="Start"/>, then two days later: every entry older than a one-day cutoff.</summary>
    private async Task<string> FiveOldEntriesAsync()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1), Put("d", 1), Put("e", 1));
        Time.Advance(TimeSpan.FromDays(2));
        return ws;
    }

    private DateTimeOffset OneDayAgo => Time.GetUtcNow().AddDays(-1);

    [Fact]
    public async Task GcChangeLog_WithCursorsThreeAndFive_KeepsTheTwoAboveTheLowest_AndTheSnapshotKeepsEveryRow()
    {
        string ws = await FiveOldEntriesAsync();
        await UpdateCursorAsync(ws, "d1", 3);
        await UpdateCursorAsync(ws, "d2", 5);

        Assert.Equal(3, await Store.CountGcBacklogAsync(ws, OneDayAgo));
        GcResult result = await Store.GcChangeLogAsync(ws, OneDayAgo);

        Assert.Equal(new GcResult(0, 3, 4), result);
        StorePullResult pull = await PullAsync(ws);
        Assert.Equal([4L, 5L], pull.Changes.Select(c => c.ServerVersion));
        Assert.Equal(4, pull.OldestRetainedVersion);
        Assert.Equal(5, pull.Counter);
        Assert.Equal(5, (await SnapshotAsync(ws)).Items.Count);
        Assert.Equal(0, await Store.CountGcBacklogAsync(ws, OneDayAgo));
    }

    [Fact]
    public async Task GcChangeLog_KeepsRecentEntries()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1));
        Time.Advance(TimeSpan.FromHours(2));

        GcResult result = await Store.GcChangeLogAsync(ws, OneDayAgo);

        Assert.Equal(0, result.EntriesDeleted);
        Assert.Equal(1, result.NewOldestRetainedVersion);
        Assert.Equal(2, (await PullAsync(ws)).Changes.Count);
    }

    [Fact]
    public async Task GcChangeLog_DeletesOnlyTheEntriesOlderThanTheCutoff()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1));
        Time.Advance(TimeSpan.FromDays(2));
        await PushAsync(ws, Put("c", 1));

        GcResult result = await Store.GcChangeLogAsync(ws, OneDayAgo);

        Assert.Equal(2, result.EntriesDeleted);
        Assert.Equal(3, result.NewOldestRetainedVersion);
        Assert.Equal([3L], (await PullAsync(ws)).Changes.Select(c => c.ServerVersion));
    }

    [Fact]
    public async Task GcChangeLog_WithNoCursor_CollectsEveryOldEntry()
    {
        string ws = await FiveOldEntriesAsync();

        GcResult result = await Store.GcChangeLogAsync(ws, OneDayAgo);

        Assert.Equal(new GcResult(0, 5, 6), result);
        StorePullResult pull = await PullAsync(ws);
        Assert.Empty(pull.Changes);
        Assert.Equal(6, pull.OldestRetainedVersion);
        Assert.Equal(5, pull.Counter);
    }

    [Fact]
    public async Task GcChangeLog_ExpiresAStaleCursor_ThenCollectsWhatItPinned()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1));
        await UpdateCursorAsync(ws, "idle", 1);
        Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(3, await Store.CountGcBacklogAsync(ws, OneDayAgo));
        GcResult result = await Store.GcChangeLogAsync(ws, OneDayAgo);

        Assert.Equal(new GcResult(1, 3, 4), result);

        // The expired cursor is gone: another user may now take the device.
        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "idle", 3, user: "u2"));
    }

    [Fact]
    public async Task GcChangeLog_ACollectedOpId_IsNoLongerReplayed_AsInTheReference()
    {
        string ws = NewWorkspace();
        PreparedOp op = Put("a", 1);
        await PushAsync(ws, op);
        Time.Advance(TimeSpan.FromDays(2));
        await Store.GcChangeLogAsync(ws, OneDayAgo);

        PreparedOpOutcome again = Assert.Single((await PushAsync(ws, op)).Outcomes);

        Assert.NotEqual(PreparedOpStatus.Replayed, again.Status);
        Assert.Equal(2, again.ServerVersion);
    }

    [Fact]
    public async Task GcChangeLog_LeavesOtherWorkspacesAlone()
    {
        string ws = await FiveOldEntriesAsync();
        string other = NewWorkspace();
        await PushAsync(other, Put("a", 1));
        Time.Advance(TimeSpan.FromDays(2));

        await Store.GcChangeLogAsync(ws, OneDayAgo);

        Assert.Single((await PullAsync(other)).Changes);
    }

    [Fact]
    public async Task GcTombstones_CollectsOldTombstones_AtOrBelowTheLowestCursor_AndTheSnapshotStillShowsTheDeletes()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1));
        await PushAsync(ws, Delete("a", 2), Delete("b", 2), Delete("c", 2));
        Time.Advance(TimeSpan.FromDays(2));
        await UpdateCursorAsync(ws, "d1", 5);
        List<SnapshotItem> before = (await SnapshotAsync(ws)).Items;

        GcResult pinned = await Store.GcTombstonesAsync(ws, OneDayAgo);
        await UpdateCursorAsync(ws, "d1", 6);
        GcResult rest = await Store.GcTombstonesAsync(ws, OneDayAgo);

        Assert.Equal(2, pinned.EntriesDeleted);
        Assert.Equal(1, rest.EntriesDeleted);
        Assert.Equal(0, (await Store.GcTombstonesAsync(ws, OneDayAgo)).EntriesDeleted);
        Assert.Equal(before, (await SnapshotAsync(ws)).Items);
        Assert.All(before, item => Assert.IsType<SnapshotTombstone>(item));

        // The records stay deleted: a stale put still loses.
        Assert.Equal(PreparedOpStatus.Lost, Assert.Single((await PushAsync(ws, Put("a", 1, """{"v":"stale"}"""))).Outcomes).Status);
    }

    [Fact]
    public async Task GcTombstones_KeepsRecentTombstones()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Delete("a", 1));
        Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, (await Store.GcTombstonesAsync(ws, OneDayAgo)).EntriesDeleted);
    }
}
