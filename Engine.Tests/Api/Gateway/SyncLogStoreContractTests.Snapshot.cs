using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncLogStoreContractTests
{
    [Fact]
    public async Task Snapshot_OneLiveRowAndOneTombstone_AtTheWatermark()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("live", 1), Put("gone", 1), Put("x", 1), Put("y", 1), Put("z", 1), Put("live", 2));
        await PushAsync(ws, Delete("gone", 2));
        await PushAsync(ws, Delete("x", 3), Delete("y", 3));

        (SnapshotCapture capture, List<SnapshotItem> items) = await SnapshotAsync(ws, tables: new HashSet<string>(["threads"], StringComparer.Ordinal));

        Assert.Equal(9, capture.HighWatermark);
        Assert.Equal(ws, capture.WorkspaceId);
        Assert.Equal(["gone", "live", "x", "y", "z"], items.Select(i => i.Pk));
        Assert.IsType<SnapshotTombstone>(items[0]);
        Assert.Equal(2, Assert.IsType<SnapshotRow>(items[1]).Revision.Clock);
    }

    [Fact]
    public async Task Snapshot_EveryLiveRowAndTombstone_AppearsExactlyOnce_AcrossPagesOfTwo_InItemOrder()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("b", 1, table: "threads"), Put("a", 1, table: "threads"), Put("c", 1, table: "threads"), Put("m1", 1, table: "messages"), Put("m2", 1, table: "messages"));
        await PushAsync(ws, Delete("a", 2, table: "threads"), Delete("m2", 2, table: "messages"), Delete("never", 1, table: "posts"), Delete("d", 1, table: "threads"));

        List<SnapshotItem> items = (await SnapshotAsync(ws, pageSize: 2)).Items;

        Assert.Equal(
            ["messages/m1/row", "messages/m2/tombstone", "posts/never/tombstone", "threads/a/tombstone", "threads/b/row", "threads/c/row", "threads/d/tombstone"],
            items.Select(i => $"{i.TableName}/{i.Pk}/{(i is SnapshotTombstone ? "tombstone" : "row")}"));
    }

    [Fact]
    public async Task Snapshot_WithATableFilter_HoldsOnlyThoseTables()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("t", 1, table: "threads"), Put("m", 1, table: "messages"), Delete("p", 1, table: "posts"));

        (SnapshotCapture capture, List<SnapshotItem> items) = await SnapshotAsync(ws, pageSize: 1, tables: new HashSet<string>(["messages", "posts"], StringComparer.Ordinal));

        Assert.Equal(["messages/m", "posts/p"], items.Select(i => $"{i.TableName}/{i.Pk}"));
        Assert.NotNull(capture.Tables);
        Assert.True(capture.Tables!.SetEquals(["messages", "posts"]));
    }

    [Fact]
    public async Task Snapshot_LaterPagesStayPinnedWhileWritesContinue_AndPullFromTheWatermarkReplaysExactlyTheLaterOps()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1, """{"v":1}"""), Put("b", 1, """{"v":1}"""), Put("c", 1, """{"v":1}"""), Put("d", 1, """{"v":1}"""));
        SnapshotCapture capture = await Store.CaptureSnapshotAsync(ws, null, Time.GetUtcNow(), Time.GetUtcNow().AddHours(1));
        IReadOnlyList<SnapshotItem> first = await Store.ReadSnapshotAsync(capture, null, 2);

        (IReadOnlyList<PreparedOpOutcome> later, _) = await PushAsync(ws, Put("c", 2, """{"v":2}"""), Delete("d", 2), Put("e", 1), Delete("a", 2));
        List<SnapshotItem> rest = await ReadAllAsync(capture, 2, Position(first[^1]));

        List<SnapshotItem> all = [.. first, .. rest];
        Assert.Equal(["a", "b", "c", "d"], all.Select(i => i.Pk));
        Assert.All(all, item => Assert.Equal("""{"v":1}""", Text(Assert.IsType<SnapshotRow>(item).PayloadJson)));
        Assert.Equal(4, capture.HighWatermark);
        Assert.Equal(later.Select(o => o.ServerVersion), (await PullAsync(ws, cursor: capture.HighWatermark)).Changes.Select(c => c.ServerVersion));
        Assert.Equal(capture, await Store.FindSnapshotAsync(capture.SnapshotId));
    }

    [Fact]
    public async Task Snapshot_RowsStillBootstrapAfterTheirLogEntriesArePruned()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Delete("c", 1));
        Time.Advance(TimeSpan.FromDays(2));
        await Store.GcChangeLogAsync(ws, Time.GetUtcNow().AddDays(-1));
        Assert.Empty((await PullAsync(ws)).Changes);

        (SnapshotCapture capture, List<SnapshotItem> items) = await SnapshotAsync(ws);

        Assert.Equal(3, capture.HighWatermark);
        Assert.Equal(["a", "b", "c"], items.Select(i => i.Pk));
    }

    [Fact]
    public async Task Snapshot_OfAnEmptyWorkspace_IsEmpty_AtWatermarkZero()
    {
        (SnapshotCapture capture, List<SnapshotItem> items) = await SnapshotAsync(NewWorkspace());

        Assert.Equal(0, capture.HighWatermark);
        Assert.Empty(items);
    }

    [Fact]
    public async Task Snapshot_IdsAreUnguessable_AndUnknownOnesAreNotFound()
    {
        string ws = NewWorkspace();
        SnapshotCapture one = await Store.CaptureSnapshotAsync(ws, null, Time.GetUtcNow(), Time.GetUtcNow().AddHours(1));
        SnapshotCapture two = await Store.CaptureSnapshotAsync(ws, null, Time.GetUtcNow(), Time.GetUtcNow().AddHours(1));

        Assert.NotEqual(one.SnapshotId, two.SnapshotId);
        Assert.True(one.SnapshotId.Length >= 22, $"'{one.SnapshotId}' is too short for 128 random bits");
        Assert.Null(await Store.FindSnapshotAsync("unknown-" + NewOpId()));
    }

    [Fact]
    public async Task Snapshot_Dropped_IsNotFound()
    {
        string ws = NewWorkspace();
        SnapshotCapture capture = await Store.CaptureSnapshotAsync(ws, null, Time.GetUtcNow(), Time.GetUtcNow().AddHours(1));

        await Store.DropSnapshotAsync(capture.SnapshotId);
        await Store.DropSnapshotAsync(capture.SnapshotId);

        Assert.Null(await Store.FindSnapshotAsync(capture.SnapshotId));
    }

    [Fact]
    public async Task Snapshot_PastItsExpiry_IsNotFound()
    {
        string ws = NewWorkspace();
        SnapshotCapture capture = await Store.CaptureSnapshotAsync(ws, null, Time.GetUtcNow(), Time.GetUtcNow().AddHours(1));
        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await Store.FindSnapshotAsync(capture.SnapshotId));

        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await Store.FindSnapshotAsync(capture.SnapshotId));
    }
}
