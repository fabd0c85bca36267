using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncLogStoreContractTests
{
    [Fact]
    public async Task Pull_ReturnsTheChangesAfterTheCursor_InOrder_WithPayloadAndStampRoundTripped()
    {
        string ws = NewWorkspace();
        PreparedOp put = Put("a", 7, """{"id":"a","order_key":"0001","n":1.50}""", hlc: "2026-12-01T12:00:00.000Z-0001", device: "phone");
        await PushAsync(ws, Put("x", 1), put, Delete("x", 2));

        StorePullResult result = await PullAsync(ws, cursor: 1);

        Assert.Equal([2L, 3L], result.Changes.Select(c => c.ServerVersion));
        SyncChange change = result.Changes[0];
        Assert.Equal("threads", change.TableName);
        Assert.Equal("a", change.Pk);
        Assert.Equal(SyncOp.Put, change.Op);
        Assert.Equal("""{"id":"a","order_key":"0001","n":1.50}""", Text(change.PayloadJson));
        Assert.Equal(put.Stamp, change.Stamp);
        Assert.Equal(SyncOp.Delete, result.Changes[1].Op);
        Assert.Null(result.Changes[1].PayloadJson);
        Assert.False(result.HasMore);
        Assert.Equal(1, result.OldestRetainedVersion);
        Assert.Equal(3, result.Counter);
    }

    [Fact]
    public async Task Pull_RespectsTheLimit_AndReportsHasMore()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1), Put("d", 1), Put("e", 1));

        StorePullResult first = await PullAsync(ws, cursor: 0, limit: 2);
        StorePullResult last = await PullAsync(ws, cursor: 4, limit: 1);
        StorePullResult exact = await PullAsync(ws, cursor: 3, limit: 2);

        Assert.Equal([1L, 2L], first.Changes.Select(c => c.ServerVersion));
        Assert.True(first.HasMore);
        Assert.Equal([5L], last.Changes.Select(c => c.ServerVersion));
        Assert.False(last.HasMore);
        Assert.Equal([4L, 5L], exact.Changes.Select(c => c.ServerVersion));
        Assert.False(exact.HasMore);
    }

    [Fact]
    public async Task Pull_WithATableFilter_ReturnsOnlyThoseTables_AndHasMoreCountsOnlyMatches()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1, table: "threads"), Put("m1", 1, table: "messages"), Put("b", 1, table: "threads"), Put("m2", 1, table: "messages"));
        HashSet<string> messages = new(["messages"], StringComparer.Ordinal);

        StorePullResult page = await PullAsync(ws, cursor: 0, limit: 1, tables: messages);
        StorePullResult rest = await PullAsync(ws, cursor: 2, limit: 1, tables: messages);
        StorePullResult none = await PullAsync(ws, cursor: 0, limit: 10, tables: new HashSet<string>(["posts"], StringComparer.Ordinal));

        Assert.Equal([2L], page.Changes.Select(c => c.ServerVersion));
        Assert.True(page.HasMore);
        Assert.Equal([4L], rest.Changes.Select(c => c.ServerVersion));
        Assert.False(rest.HasMore);
        Assert.Empty(none.Changes);
        Assert.False(none.HasMore);
    }

    [Fact]
    public async Task Pull_OfANewWorkspace_IsEmpty_WithOldestRetainedOne()
    {
        StorePullResult result = await PullAsync(NewWorkspace());

        Assert.Empty(result.Changes);
        Assert.False(result.HasMore);
        Assert.Equal(1, result.OldestRetainedVersion);
        Assert.Equal(0, result.Counter);
    }

    [Fact]
    public async Task Pull_AtTheCounter_IsEmpty()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1));

        StorePullResult result = await PullAsync(ws, cursor: 2);

        Assert.Empty(result.Changes);
        Assert.Equal(2, result.Counter);
        Assert.Equal(1, result.OldestRetainedVersion);
    }

    [Fact]
    public async Task UpdateCursor_CreatesAndMovesForward_AndAcceptsAnEqualValue()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1));

        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d1", 1));
        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d1", 3));
        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d1", 3));
    }

    [Fact]
    public async Task UpdateCursor_Regression_IsRefused_AndTheStoredValueKept()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1));
        await UpdateCursorAsync(ws, "d1", 3);

        Assert.Equal(CursorUpdateOutcome.Regression, await UpdateCursorAsync(ws, "d1", 2));
        Assert.Equal(CursorUpdateOutcome.Regression, await UpdateCursorAsync(ws, "d1", 0));
        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d1", 3));
    }

    [Fact]
    public async Task UpdateCursor_CursorsArePerDevice()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1), Put("c", 1));
        await UpdateCursorAsync(ws, "d1", 3);

        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d2", 1));
    }

    [Fact]
    public async Task UpdateCursor_BeyondTheCounter_IsRefused_AndWritesNothing()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1));

        Assert.Equal(CursorUpdateOutcome.BeyondCounter, await UpdateCursorAsync(ws, "d1", 2));
        Assert.Equal(CursorUpdateOutcome.BeyondCounter, await UpdateCursorAsync(NewWorkspace(), "d1", 1));

        // Nothing was written: another user can still take the device.
        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d1", 0, user: "u2"));
    }

    [Fact]
    public async Task UpdateCursor_ASecondOwner_IsRefused()
    {
        string ws = NewWorkspace();
        await PushAsync(ws, Put("a", 1), Put("b", 1));
        await UpdateCursorAsync(ws, "d1", 1, user: "u1");

        Assert.Equal(CursorUpdateOutcome.OtherOwner, await UpdateCursorAsync(ws, "d1", 2, user: "u2"));
        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(ws, "d1", 2, user: "u1"));
    }

    [Fact]
    public async Task UpdateCursor_TheSameDeviceInAnotherWorkspace_IsAnotherCursor()
    {
        string first = NewWorkspace();
        string second = NewWorkspace();
        await PushAsync(first, Put("a", 1), Put("b", 1));
        await PushAsync(second, Put("a", 1));
        await UpdateCursorAsync(first, "d1", 2, user: "u1");

        Assert.Equal(CursorUpdateOutcome.Updated, await UpdateCursorAsync(second, "d1", 1, user: "u2"));
    }
}
