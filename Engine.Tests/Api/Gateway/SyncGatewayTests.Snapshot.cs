using System.Buffers.Text;
using System.Text;
using Engine.Api;
using Engine.Api.Gateway;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncGatewayTests
{
    private static string Token(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private async Task<List<SnapshotPage>> ReadAllPagesAsync(int pageSize, IReadOnlySet<string>? tables = null)
    {
        List<SnapshotPage> pages = [await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, pageSize, null, tables))];
        while (pages[^1].NextPageToken is { } token)
        {
            pages.Add(await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, pageSize, token, tables)));
        }

        return pages;
    }

    [Fact]
    public async Task Snapshot_SharedBootstrapContract_OneRowAndOneTombstoneAtWatermark7()
    {
        await PushAsync(
            Put("op-1", "live", clock: 1),
            Put("op-2", "gone", clock: 1),
            Put("op-3", "live", clock: 2),
            Put("op-4", "gone", clock: 2),
            Delete("op-5", "gone", clock: 3),
            Put("op-6", "live", clock: 3, hlc: "h2"),
            Put("op-7", "live", clock: 3, hlc: "h1"));

        SnapshotPage page = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 100));

        Assert.Equal(7, page.HighWatermark);
        Assert.Null(page.NextPageToken);
        Assert.Equal(2, page.Items.Count);
        SnapshotTombstone tombstone = Assert.IsType<SnapshotTombstone>(page.Items[0]);
        Assert.Equal(("gone", new Revision(3, "h1", "op-5")), (tombstone.Pk, tombstone.Revision));
        Assert.Equal(Start.ToUnixTimeMilliseconds(), tombstone.ServerDeletedAt);
        SnapshotRow row = Assert.IsType<SnapshotRow>(page.Items[1]);
        Assert.Equal(("live", new Revision(3, "h2", "op-6")), (row.Pk, row.Revision));
        Assert.Equal(Ws, page.WorkspaceId);
    }

    [Fact]
    public async Task Snapshot_RevisionTieOnClockAndHlc_IsBrokenByOpId()
    {
        await PushAsync(Put("op-b", "a", """{"id":"a","v":"b"}""", clock: 1), Put("op-a", "a", """{"id":"a","v":"a"}""", clock: 1));
        await PushAsync(Put("op-Z", "b", """{"id":"b","v":"Z"}""", clock: 1), Put("op-a2", "b", """{"id":"b","v":"a2"}""", clock: 1));

        SnapshotPage page = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 100));

        Assert.Equal(["op-b", "op-a2"], page.Items.Select(i => i.Revision.OpId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task Snapshot_PageSizeOutside1To1000_Is400(int pageSize)
    {
        await AssertStatusAsync(400, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, pageSize)).AsTask());
    }

    [Theory]
    [InlineData(2, new[] { 2, 2, 1 })]
    [InlineData(5, new[] { 5 })]
    [InlineData(1, new[] { 1, 1, 1, 1, 1 })]
    [InlineData(4, new[] { 4, 1 })]
    public async Task Snapshot_PagesHoldEveryItemOnce_TheLastHasNoToken(int pageSize, int[] sizes)
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"), Delete("op-3", "c"), Put("op-4", "d", table: "posts"), Delete("op-5", "a", clock: 2), Put("op-6", "e"));

        List<SnapshotPage> pages = await ReadAllPagesAsync(pageSize);

        Assert.Equal(sizes, pages.Select(p => p.Items.Count));
        Assert.Equal(
            ["posts/d/row", "threads/a/tombstone", "threads/b/row", "threads/c/tombstone", "threads/e/row"],
            pages.SelectMany(p => p.Items).Select(i => $"{i.TableName}/{i.Pk}/{(i is SnapshotTombstone ? "tombstone" : "row")}"));
        Assert.Single(pages.Select(p => p.SnapshotId).Distinct());
        Assert.All(pages, p => Assert.Equal(6, p.HighWatermark));
    }

    [Fact]
    public async Task Snapshot_ExactlyFullLastPage_HasNoToken()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"), Put("op-3", "c"), Put("op-4", "d"));

        List<SnapshotPage> pages = await ReadAllPagesAsync(2);

        Assert.Equal([2, 2], pages.Select(p => p.Items.Count));
    }

    [Fact]
    public async Task Snapshot_LaterPagesStayPinnedWhileWritesContinue_PullFromTheWatermarkReplaysTheRest()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"), Put("op-3", "c"));
        SnapshotPage first = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 2));

        await PushAsync(Put("op-4", "bb"), Delete("op-5", "c", clock: 2), Put("op-6", "d"));
        SnapshotPage second = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 2, first.NextPageToken));

        Assert.Equal(3, second.HighWatermark);
        SnapshotRow c = Assert.IsType<SnapshotRow>(Assert.Single(second.Items));
        Assert.Equal("c", c.Pk);
        Assert.Null(second.NextPageToken);
        PullResponse rest = await Gateway.PullAsync(Viewer, new PullRequest(Ws, second.HighWatermark));
        Assert.Equal(["op-4", "op-5", "op-6"], rest.Changes.Select(ch => ch.Stamp.OpId));
    }

    [Fact]
    public async Task Snapshot_TableFilter_AppliesToEveryPage_AndMustNotChange()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b", table: "posts"), Put("op-3", "c", table: "posts"), Put("op-4", "d", table: "kv"));
        HashSet<string> posts = ["posts"];

        List<SnapshotPage> pages = await ReadAllPagesAsync(1, posts);
        SnapshotPage first = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, null, posts));

        Assert.Equal(["b", "c"], pages.SelectMany(p => p.Items).Select(i => i.Pk));
        await AssertStatusAsync(400, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken)).AsTask());
        await AssertStatusAsync(400, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken, new HashSet<string> { "kv" })).AsTask());
        await AssertStatusAsync(400, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken, new HashSet<string> { "posts", "kv" })).AsTask());
        SnapshotPage same = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken, new HashSet<string> { "posts" }));
        Assert.Equal("c", Assert.Single(same.Items).Pk);
    }

    [Fact]
    public async Task Snapshot_UnfilteredChain_AcceptsAnEmptyFilter()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        SnapshotPage first = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1));

        SnapshotPage second = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken, new HashSet<string>()));

        Assert.Equal("b", Assert.Single(second.Items).Pk);
    }

    public static TheoryData<string> MalformedTokens => new()
    {
        "not base64!",
        "%%%",
        Token("not json"),
        Token("[]"),
        Token("{}"),
        Token("""{"version":2,"snapshotId":"s","after":{"tableName":"t","pk":"p","kind":"row"}}"""),
        Token("""{"version":"1","snapshotId":"s","after":{"tableName":"t","pk":"p","kind":"row"}}"""),
        Token("""{"version":1,"snapshotId":"","after":{"tableName":"t","pk":"p","kind":"row"}}"""),
        Token("""{"version":1,"snapshotId":"s","after":{"tableName":"t","pk":"p","kind":"other"}}"""),
        Token("""{"version":1,"snapshotId":"s","after":{"tableName":"t","pk":7,"kind":"row"}}"""),
        Token("""{"version":1,"snapshotId":"s"}"""),
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task Snapshot_MalformedToken_Is400(string token)
    {
        await AssertStatusAsync(400, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 10, token)).AsTask());
    }

    [Fact]
    public async Task Snapshot_TokenLongerThan4KB_Is400()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        SnapshotPage first = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1));
        string padded = Token($$"""{"version":1,"snapshotId":"{{first.SnapshotId}}","after":{"tableName":"threads","pk":"a","kind":"row"},"pad":"{{new string('x', 3100)}}"}""");
        Assert.InRange(padded.Length, 4097, 5000);

        await AssertStatusAsync(400, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, padded)).AsTask());
    }

    [Fact]
    public async Task Snapshot_CaptureDroppedBetweenLookupAndRead_Is410()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        ControlledSyncLogStore controlled = new(Store);
        SyncGateway gateway = NewGateway(store: controlled);
        SnapshotPage first = await gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1));
        controlled.ReadSnapshotFailure = new StorageException(StorageErrorCode.NotFound, "the capture is gone");

        await AssertStatusAsync(410, () => gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken)).AsTask());
    }

    [Fact]
    public async Task Snapshot_UnknownSnapshot_Is410()
    {
        string token = Token("""{"version":1,"snapshotId":"00112233445566778899aabbccddeeff","after":{"tableName":"threads","pk":"a","kind":"row"}}""");

        await AssertStatusAsync(410, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 10, token)).AsTask());
    }

    [Fact]
    public async Task Snapshot_Expired_Is410AndIsDropped()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        SnapshotPage first = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1));
        Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        SnapshotPage beforeExpiry = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken));
        Time.Advance(TimeSpan.FromMilliseconds(1));

        await AssertStatusAsync(410, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, first.NextPageToken)).AsTask());

        Assert.Equal("b", Assert.Single(beforeExpiry.Items).Pk);
        Assert.Null(await Store.FindSnapshotAsync(first.SnapshotId));
    }

    [Fact]
    public async Task Snapshot_TokenOfAnotherWorkspace_Is403AndLeavesItAlone()
    {
        await PushAsync(OtherWs, Put("op-1", "a"), Put("op-2", "b"));
        SnapshotPage other = await Gateway.SnapshotAsync(new SyncCaller(ViewerId, OtherWs), new SnapshotRequest(OtherWs, 1));

        await AssertStatusAsync(403, () => Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 1, other.NextPageToken)).AsTask());

        SnapshotPage next = await Gateway.SnapshotAsync(new SyncCaller(ViewerId, OtherWs), new SnapshotRequest(OtherWs, 1, other.NextPageToken));
        Assert.Equal("b", Assert.Single(next.Items).Pk);
    }

    [Fact]
    public async Task Snapshot_WithoutTheSnapshotCapability_Is404()
    {
        SyncGateway gateway = NewGateway(new SyncGatewayOptions { Capabilities = SyncCapabilities.None });

        await AssertStatusAsync(404, () => gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 10)).AsTask());
    }

    [Fact]
    public async Task Snapshot_StillBootstrapsAfterTheLogIsCollected()
    {
        await PushAsync(Put("op-1", "a"), Delete("op-2", "b"));
        Time.Advance(TimeSpan.FromDays(2));
        await Gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1));

        SnapshotPage page = await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 10));

        Assert.Empty((await PullAllAsync()).Changes);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(2, page.HighWatermark);
    }
}
