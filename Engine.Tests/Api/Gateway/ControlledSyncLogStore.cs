using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// Wraps a store and lets a test stop or fail its GC calls: <see cref="GcFailure"/> makes them throw, and
/// <see cref="GcGate"/> holds them until the test releases it (to observe a run in progress). Everything else is
/// passed through. Thread-safe as the inner store is.
/// </summary>
public sealed class ControlledSyncLogStore(ISyncLogStore inner) : ISyncLogStore
{
    /// <summary>When set, every GC call throws it.</summary>
    public Exception? GcFailure { get; set; }

    /// <summary>When set, every GC call signals <see cref="GcEntered"/> and then waits for it.</summary>
    public TaskCompletionSource? GcGate { get; set; }

    /// <summary>Completed when a GC call reaches the gate.</summary>
    public TaskCompletionSource GcEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.PushAsync(workspaceId, ops, now, cancellationToken);

    public ValueTask<StorePullResult> PullAsync(
        string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables, CancellationToken cancellationToken = default) =>
        inner.PullAsync(workspaceId, cursor, limit, tables, cancellationToken);

    public ValueTask<CursorUpdateOutcome> UpdateCursorAsync(
        string workspaceId, string deviceId, string userId, long version, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.UpdateCursorAsync(workspaceId, deviceId, userId, version, now, cancellationToken);

    public async ValueTask<GcResult> GcChangeLogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await EnterGcAsync();
        return await inner.GcChangeLogAsync(workspaceId, cutoff, cancellationToken);
    }

    public async ValueTask<GcResult> GcTombstonesAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await EnterGcAsync();
        return await inner.GcTombstonesAsync(workspaceId, cutoff, cancellationToken);
    }

    public ValueTask<long> CountGcBacklogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        inner.CountGcBacklogAsync(workspaceId, cutoff, cancellationToken);

    public ValueTask<SnapshotCapture> CaptureSnapshotAsync(
        string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        inner.CaptureSnapshotAsync(workspaceId, tables, now, expiresAt, cancellationToken);

    public ValueTask<SnapshotCapture?> FindSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default) =>
        inner.FindSnapshotAsync(snapshotId, cancellationToken);

    /// <summary>When set, snapshot reads throw it (a capture dropped between its lookup and its read).</summary>
    public Exception? ReadSnapshotFailure { get; set; }

    public ValueTask<IReadOnlyList<SnapshotItem>> ReadSnapshotAsync(
        SnapshotCapture snapshot, SnapshotPosition? after, int count, CancellationToken cancellationToken = default) =>
        ReadSnapshotFailure is { } failure
            ? ValueTask.FromException<IReadOnlyList<SnapshotItem>>(failure)
            : inner.ReadSnapshotAsync(snapshot, after, count, cancellationToken);

    public ValueTask DropSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default) =>
        inner.DropSnapshotAsync(snapshotId, cancellationToken);

    /// <summary>Does not dispose the inner store; the test's fixture owns it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task EnterGcAsync()
    {
        if (GcGate is { } gate)
        {
            GcEntered.TrySetResult();
            await gate.Task;
        }

        if (GcFailure is { } failure)
        {
            throw failure;
        }
    }
}
