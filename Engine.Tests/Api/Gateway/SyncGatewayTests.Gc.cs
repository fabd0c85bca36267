using Engine.Api.Gateway;

namespace Engine.Tests.Api.Gateway;

public abstract partial class SyncGatewayTests
{
    public static TheoryData<TimeSpan> RefusedRetentions => new()
    {
        TimeSpan.Zero,
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(3599),
        TimeSpan.FromSeconds(3600.5),
        TimeSpan.FromSeconds(31_536_001),
        TimeSpan.FromSeconds(-3600),
        TimeSpan.FromTicks(TimeSpan.TicksPerHour + 1),
    };

    [Theory]
    [MemberData(nameof(RefusedRetentions))]
    public async Task Gc_RetentionOutsideWholeSecondsFrom1HourTo365Days_Is400AndCollectsNothing(TimeSpan retention)
    {
        await PushAsync(Put("op-1", "a"), Delete("op-2", "b"));
        Time.Advance(TimeSpan.FromDays(400));

        await AssertStatusAsync(400, () => Gateway.GcChangeLogAsync(Editor, Ws, retention).AsTask());
        await AssertStatusAsync(400, () => Gateway.GcTombstonesAsync(Editor, Ws, retention).AsTask());

        Assert.Equal(2, (await PullAllAsync()).Changes.Count);
        Assert.Null(Gateway.GetMaintenanceState().LastRun);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(31_536_000)]
    public async Task Gc_RetentionAtTheBounds_IsAccepted(int seconds)
    {
        await PushAsync(Put("op-1", "a"));
        Time.Advance(TimeSpan.FromSeconds(seconds + 1));

        GcResult result = await Gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromSeconds(seconds));

        Assert.Equal(1, result.EntriesDeleted);
        Assert.Equal(2, result.NewOldestRetainedVersion);
    }

    [Fact]
    public async Task Gc_KeepsRecentEntries_CollectsOldOnes()
    {
        await PushAsync(Put("op-1", "a"));
        Time.Advance(TimeSpan.FromHours(30));
        await PushAsync(Put("op-2", "b"));
        Time.Advance(TimeSpan.FromHours(1));

        GcResult result = await Gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1));

        Assert.Equal(new GcResult(0, 1, 2), result);
        Assert.Equal(2, Assert.Single((await PullAllAsync()).Changes).ServerVersion);
    }

    [Fact]
    public async Task Gc_LaggingCursorKeepsWhatItHasNotPulled()
    {
        await PushAsync(Enumerable.Range(1, 6).Select(i => Put($"op-{i}", $"pk-{i}")).ToArray());
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 3);
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-2", 5);
        Time.Advance(TimeSpan.FromHours(2));
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 3);
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-2", 5);

        GcResult result = await Gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromHours(1));

        Assert.Equal(3, result.EntriesDeleted);
        Assert.Equal([4L, 5L, 6L], (await PullAllAsync()).Changes.Select(c => c.ServerVersion));
        Assert.Equal(6, (await Gateway.SnapshotAsync(Viewer, new SnapshotRequest(Ws, 100))).Items.Count);
    }

    [Fact]
    public async Task Gc_StaleCursorIsExpiredAndNoLongerPinsHistory()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 0);
        Time.Advance(TimeSpan.FromDays(2));

        GcResult result = await Gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1));

        Assert.Equal(new GcResult(1, 2, 3), result);
    }

    [Fact]
    public async Task Gc_TombstonesAreCollected()
    {
        await PushAsync(Put("op-1", "a"), Delete("op-2", "a", clock: 2), Delete("op-3", "b"));
        Time.Advance(TimeSpan.FromDays(2));

        GcResult result = await Gateway.GcTombstonesAsync(Editor, Ws, TimeSpan.FromDays(1));

        Assert.Equal(2, result.EntriesDeleted);
        Assert.Equal(3, (await PullAllAsync()).Changes.Count);
    }

    [Theory]
    [InlineData(SyncCapabilities.None)]
    [InlineData(SyncCapabilities.SnapshotV1)]
    [InlineData(SyncCapabilities.HistoryRetentionV1)]
    public async Task Gc_WithoutBothSnapshotCapabilities_DoesNothing(SyncCapabilities capabilities)
    {
        SyncGateway gateway = NewGateway(new SyncGatewayOptions { Capabilities = capabilities });
        await PushAsync(Put("op-1", "a"), Delete("op-2", "b"));
        Time.Advance(TimeSpan.FromDays(30));

        GcResult changeLog = await gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1));
        GcResult tombstones = await gateway.GcTombstonesAsync(Editor, Ws, TimeSpan.FromDays(1));

        Assert.Equal(new GcResult(0, 0, 0), changeLog);
        Assert.Equal(new GcResult(0, 0, 0), tombstones);
        Assert.Equal(2, (await PullAllAsync()).Changes.Count);
        Assert.Equal(new MaintenanceState(false, "idle", null, null, null), gateway.GetMaintenanceState());
        await AssertStatusAsync(400, () => gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.Zero).AsTask());
    }

    [Fact]
    public async Task Maintenance_RunGoesIdleRunningIdle_WithLastRunAndBacklog()
    {
        ControlledSyncLogStore controlled = new(Store) { GcGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        SyncGateway gateway = NewGateway(store: controlled);
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 1);
        Time.Advance(TimeSpan.FromHours(1));
        await Gateway.UpdateCursorAsync(Viewer, Ws, "dev-1", 1);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new MaintenanceState(true, "idle", null, null, null), gateway.GetMaintenanceState());

        Task<GcResult> run = gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromHours(1)).AsTask();
        await controlled.GcEntered.Task;
        Assert.Equal("running", gateway.GetMaintenanceState().State);
        controlled.GcGate.SetResult();
        GcResult result = await run;

        Assert.Equal(1, result.EntriesDeleted);
        Assert.Equal(new MaintenanceState(true, "idle", Time.GetUtcNow(), 0, null), gateway.GetMaintenanceState());
    }

    [Fact]
    public async Task Maintenance_BacklogCountsWhatTheRunLeftEligible()
    {
        await PushAsync(Put("op-1", "a"), Put("op-2", "b"));
        Time.Advance(TimeSpan.FromDays(2));

        await Gateway.GcTombstonesAsync(Editor, Ws, TimeSpan.FromDays(1));

        Assert.Equal(2, Gateway.GetMaintenanceState().Backlog);
    }

    [Fact]
    public async Task Maintenance_StoreFailure_IsFailedWithLastError_ThenIdleAfterASuccess()
    {
        ControlledSyncLogStore controlled = new(Store) { GcFailure = new InvalidOperationException("disk on fire") };
        SyncGateway gateway = NewGateway(store: controlled);
        await PushAsync(Put("op-1", "a"));
        Time.Advance(TimeSpan.FromDays(2));

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1)).AsTask());

        Assert.Equal("disk on fire", thrown.Message);
        Assert.Equal(new MaintenanceState(true, "failed", null, null, "disk on fire"), gateway.GetMaintenanceState());
        Assert.Single((await PullAllAsync()).Changes);

        controlled.GcFailure = null;
        await gateway.GcChangeLogAsync(Editor, Ws, TimeSpan.FromDays(1));
        Assert.Equal(new MaintenanceState(true, "idle", Time.GetUtcNow(), 0, null), gateway.GetMaintenanceState());
    }
}
