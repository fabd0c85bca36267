using Engine.Api.Gateway;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncGatewayTests
{
    private async Task PushManyAsync(int count, string table = "threads")
    {
        await PushAsync(Enumerable.Range(1, count).Select(i => Put($"op-{table}-{i}", $"pk-{i}", table: table)).ToArray());
    }

    [Fact]
    public async Task Pull_ReturnsTheChangesAfterTheCursorInOrder()
    {
        await PushManyAsync(5);

        PullResponse pulled = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 2));

        Assert.Equal([3L, 4L, 5L], pulled.Changes.Select(c => c.ServerVersion));
        Assert.Equal(5, pulled.NextCursor);
        Assert.False(pulled.HasMore);
        Assert.Equal(1, pulled.OldestRetainedVersion);
        Assert.False(pulled.RequiresSnapshot);
    }

    [Fact]
    public async Task Pull_NullLimit_IsTheDefault100()
    {
        await PushManyAsync(101);

        PullResponse pulled = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 0));

        Assert.Equal(100, pulled.Changes.Count);
        Assert.True(pulled.HasMore);
        Assert.Equal(100, pulled.NextCursor);
    }

    [Theory]
    [InlineData(null, 3)]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(int.MaxValue, 5)]
    public async Task Pull_LimitIsDefaultedAndClamped(int? limit, int expected)
    {
        await PushManyAsync(8);
        SyncGateway gateway = NewGateway(new SyncGatewayOptions { DefaultPullLimit = 3, MaxPullLimit = 5 });

        PullResponse pulled = await gateway.PullAsync(Viewer, new PullRequest(Ws, 0, limit));

        Assert.Equal(expected, pulled.Changes.Count);
        Assert.True(pulled.HasMore);
    }

    [Fact]
    public async Task Pull_LimitAboveTheReferenceMaximum_IsClampedTo1000()
    {
        await PushManyAsync(1001);

        PullResponse pulled = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 0, 5000));

        Assert.Equal(1000, pulled.Changes.Count);
        Assert.True(pulled.HasMore);
    }

    [Fact]
    public async Task Pull_NegativeCursor_Is400()
    {
        await AssertStatusAsync(400, () => Gateway.PullAsync(Viewer, new PullRequest(Ws, -1)).AsTask());
    }

    [Fact]
    public async Task Pull_EmptyResult_KeepsTheCursor()
    {
        PullResponse empty = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 0));
        await PushManyAsync(3);
        PullResponse caughtUp = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 3));

        Assert.Equal(0, empty.NextCursor);
        Assert.Equal(1, empty.OldestRetainedVersion);
        Assert.Equal(3, caughtUp.NextCursor);
        Assert.Empty(caughtUp.Changes);
    }

    [Fact]
    public async Task Pull_TableFilter_ReturnsMatchingChangesAndTheirCursor()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b", table: "posts"), Put("op-3", "c"), Put("op-4", "d", table: "posts"));

        PullResponse posts = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 0, 1, new HashSet<string> { "posts" }));
        PullResponse all = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 0, 10, new HashSet<string>()));

        Assert.Equal(2, Assert.Single(posts.Changes).ServerVersion);
        Assert.Equal(2, posts.NextCursor);
        Assert.True(posts.HasMore);
        Assert.Equal(4, all.Changes.Count);
    }

    [Fact]
    public async Task Pull_PayloadAndStampRoundTrip()
    {
        const string Payload = """{"id":"a","index":3,"order_key":"0001"}""";
        await PushAsync(new PendingOp("messages", SyncOp.Put, "a", Json(Payload), new ChangeStamp("device-9", "op-77", "hlc-x", 12)));

        SyncChange change = Assert.Single((await PullAllAsync()).Changes);

        Assert.Equal(Payload, Text(change.PayloadJson));
        Assert.Equal(new ChangeStamp("device-9", "op-77", "hlc-x", 12), change.Stamp);
        Assert.Equal(("messages", "a", SyncOp.Put), (change.TableName, change.Pk, change.Op));
    }

    [Fact]
    public async Task Pull_CursorBehindRetainedHistory_RequiresSnapshot()
    {
        await PushManyAsync(4);
        Time.Advance(TimeSpan.FromDays(2));
        await PushAsync(Put("op-5", "e"));
        await Gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1));

        PullResponse behind = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 3));
        PullResponse atEdge = await Gateway.PullAsync(Viewer, new PullRequest(Ws, 4));

        Assert.Equal(5, behind.OldestRetainedVersion);
        Assert.True(behind.RequiresSnapshot);
        Assert.False(atEdge.RequiresSnapshot);
        Assert.Equal(5, Assert.Single(atEdge.Changes).ServerVersion);
    }

    [Fact]
    public async Task UpdateCursor_CreatesAndMovesForward_EqualIsFine()
    {
        await PushManyAsync(3);

        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 1);
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 3);
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 3);

        await AssertStatusAsync(409, () => Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 2).AsTask());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task UpdateCursor_BlankDeviceId_Is400(string deviceId)
    {
        await AssertStatusAsync(400, () => Gateway.UpdateCursorAsync(Viewer, Ws, deviceId, 0).AsTask());
    }

    [Fact]
    public async Task UpdateCursor_DeviceIdIsTrimmedAndAtMost256Characters()
    {
        await PushManyAsync(2);

        await Gateway.UpdateCursorAsync(Viewer, Ws, new string('d', 256), 0);
        await AssertStatusAsync(400, () => Gateway.UpdateCursorAsync(Viewer, Ws, new string('d', 257), 0).AsTask());
        await Gateway.UpdateCursorAsync(Viewer, Ws, "  " + new string('e', 256) + "  ", 0);
        await Gateway.UpdateCursorAsync(Viewer, Ws, " dev ", 2);

        // The trimmed id names the same cursor.
        await AssertStatusAsync(409, () => Gateway.UpdateCursorAsync(Viewer, Ws, "dev", 1).AsTask());
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public async Task UpdateCursor_NegativeVersion_Is400(long version)
    {
        await AssertStatusAsync(400, () => Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", version).AsTask());
    }

    [Fact]
    public async Task UpdateCursor_BeyondTheCounter_Is400()
    {
        await PushManyAsync(2);

        await AssertStatusAsync(400, () => Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 3).AsTask());
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 2);
    }

    [Fact]
    public async Task UpdateCursor_AnotherUsersDevice_Is403()
    {
        await PushManyAsync(2);
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 1);

        await AssertStatusAsync(403, () => Gateway.UpdateCursorAsync(Editor, Ws, "dev-1", 2).AsTask());
        await Gateway.UpdateCursorAsync(Editor, Ws, "dev-2", 2);
    }

    [Fact]
    public async Task UpdateCursor_CursorsArePerDevice()
    {
        await PushManyAsync(3);
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 3);

        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-2", 1);
    }
}
