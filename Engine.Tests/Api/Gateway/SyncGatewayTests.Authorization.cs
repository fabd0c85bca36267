using Engine.Api.Gateway;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncGatewayTests
{
    public static TheoryData<string?, string?, int> RefusedWriters => new()
    {
        { null, Ws, 401 },
        { string.Empty, Ws, 401 },
        { EditorId, OtherWs, 403 },
        { EditorId, null, 403 },
        { StrangerId, Ws, 403 },
        { ViewerId, Ws, 403 },
    };

    public static TheoryData<string?, string?, int> RefusedReaders => new()
    {
        { null, Ws, 401 },
        { ViewerId, OtherWs, 403 },
        { StrangerId, Ws, 403 },
    };

    [Theory]
    [MemberData(nameof(RefusedWriters))]
    public async Task Authorization_PushRefused_BeforeAnythingIsWritten(string? userId, string? session, int status)
    {
        SyncRequestException ex = await AssertStatusAsync(status, () =>
            Gateway.PushAsync(new SyncCaller(userId, session), new PushBatch(Ws, [Put("op-1", "a")])).AsTask());

        if (status == 403)
        {
            Assert.Equal("forbidden", ex.Message);
        }

        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Authorization_UnauthenticatedCaller_IsRefusedWithoutAskingForARole()
    {
        await AssertStatusAsync(401, () => Gateway.PushAsync(new SyncCaller(null, Ws), new PushBatch(Ws, [Put("op-1", "a")])).AsTask());
        await AssertStatusAsync(403, () => Gateway.PushAsync(new SyncCaller(EditorId, OtherWs), new PushBatch(Ws, [Put("op-1", "a")])).AsTask());

        Assert.Equal(0, Workspaces.RoleLookups);
    }

    [Theory]
    [InlineData(OwnerId)]
    [InlineData(EditorId)]
    public async Task Authorization_OwnerAndEditorMayPush(string userId)
    {
        PushResult result = await Gateway.PushAsync(new SyncCaller(userId, Ws), new PushBatch(Ws, [Put("op-1", "a")]));

        Assert.True(result.Results[0].Success);
        Assert.Equal(1, result.ServerVersion);
    }

    [Theory]
    [MemberData(nameof(RefusedWriters))]
    public async Task Authorization_EmptyPushIsStillAuthorized(string? userId, string? session, int status)
    {
        await AssertStatusAsync(status, () => Gateway.PushAsync(new SyncCaller(userId, session), new PushBatch(Ws, [])).AsTask());
    }

    [Theory]
    [MemberData(nameof(RefusedReaders))]
    public async Task Authorization_PullRefused(string? userId, string? session, int status)
    {
        await PushAsync(Put("op-1", "a"));

        await AssertStatusAsync(status, () => Gateway.PullAsync(new SyncCaller(userId, session), new PullRequest(Ws, 0)).AsTask());
    }

    [Theory]
    [InlineData(ViewerId)]
    [InlineData(EditorId)]
    [InlineData(OwnerId)]
    public async Task Authorization_EveryMemberMayPullSnapshotAndMoveCursors(string userId)
    {
        await PushAsync(Put("op-1", "a"));
        SyncCaller caller = new(userId, Ws);

        PullResponse pulled = await Gateway.PullAsync(caller, new PullRequest(Ws, 0));
        SnapshotPage page = await Gateway.SnapshotAsync(caller, new SnapshotRequest(Ws, 10));
        await Gateway.UpdateCursorAsync(caller, Ws, "dev-" + userId, 1);

        Assert.Single(pulled.Changes);
        Assert.Single(page.Items);
    }

    [Theory]
    [MemberData(nameof(RefusedReaders))]
    public async Task Authorization_SnapshotRefused_BeforeAnythingIsCaptured(string? userId, string? session, int status)
    {
        await PushAsync(Put("op-1", "a"));

        await AssertStatusAsync(status, () => Gateway.SnapshotAsync(new SyncCaller(userId, session), new SnapshotRequest(Ws, 10)).AsTask());
    }

    [Theory]
    [MemberData(nameof(RefusedReaders))]
    public async Task Authorization_UpdateCursorRefused_BeforeTheCursorIsWritten(string? userId, string? session, int status)
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));

        await AssertStatusAsync(status, () => Gateway.UpdateCursorAsync(new SyncCaller(userId, session), Ws, "dev-1", 2).AsTask());

        // Had the refused call written the cursor, the viewer would be another owner (403) or behind it (409).
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 1);
    }

    [Theory]
    [MemberData(nameof(RefusedWriters))]
    public async Task Authorization_GcRefused_BeforeAnythingIsCollected(string? userId, string? session, int status)
    {
        await PushAsync(Put("op-1", "a"));
        Time.Advance(TimeSpan.FromDays(2));
        if (session is null && !string.IsNullOrEmpty(userId))
        {
            status = 400;
        }

        await AssertStatusAsync(status, () => Gateway.GcChangeLogAsync(new SyncCaller(userId, session), Ws, TimeSpan.FromHours(1)).AsTask());
        await AssertStatusAsync(status, () => Gateway.GcTombstonesAsync(new SyncCaller(userId, session), Ws, TimeSpan.FromHours(1)).AsTask());

        Assert.Single((await PullAllAsync()).Changes);
        Assert.Equal("idle", Gateway.GetMaintenanceState().State);
        Assert.Null(Gateway.GetMaintenanceState().LastRun);
    }

    [Fact]
    public async Task Authorization_GcFromASessionWithNoWorkspace_Is400()
    {
        SyncRequestException ex = await AssertStatusAsync(400, () => Gateway.GcChangeLogAsync(new SyncCaller(OwnerId, null), Ws, TimeSpan.FromDays(1)).AsTask());

        Assert.Contains("workspace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_NullsAreArgumentNullExceptions()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.PushAsync(null!, new PushBatch(Ws, [])).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.PushAsync(Editor, null!).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.PushAsync(Editor, new PushBatch(null!, [])).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.PushAsync(Editor, new PushBatch(Ws, null!)).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => Gateway.PushAsync(Editor, new PushBatch(Ws, [null!])).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Gateway.PushAsync(Editor, new PushBatch(Ws, [new PendingOp("threads", SyncOp.Put, "a", null, null!)])).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.PullAsync(Viewer, null!).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.SnapshotAsync(Viewer, null!).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.UpdateCursorAsync(Viewer, Ws, null!, 0).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Gateway.GcChangeLogAsync(Editor, null!, TimeSpan.FromDays(1)).AsTask());
        Assert.Throws<ArgumentNullException>(() => new SyncGateway(null!, Workspaces));
        Assert.Throws<ArgumentNullException>(() => new SyncGateway(Store, null!));
        Assert.ThrowsAny<ArgumentException>(() => new SyncGateway(Store, Workspaces, new SyncGatewayOptions { MaxPullLimit = 0 }));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task ListWorkspaceIds_ComesFromTheWorkspaceStore()
    {
        Workspaces.WorkspaceIds.AddRange(["a", "b"]);

        List<string> ids = [];
        await foreach (string id in Gateway.ListWorkspaceIdsAsync())
        {
            ids.Add(id);
        }

        Assert.Equal(["a", "b"], ids);
        Assert.Equal(SyncGatewayOptions.Default.Capabilities, Gateway.Capabilities);
        Assert.Equal(SyncCapabilities.SnapshotV1, NewGateway(new SyncGatewayOptions { Capabilities = SyncCapabilities.SnapshotV1 }).Capabilities);
    }
}
