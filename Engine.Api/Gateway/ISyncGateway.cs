using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.Gateway;

/// <summary>
/// The server side of multi-device sync: exactly-once pushes into a per-workspace change log, ordered pulls, device
/// cursors, bounded history and paged snapshots (spec sync-gateway.md sections 1 and 4).
/// </summary>
/// <remarks>
/// Every call checks the caller first: no user is 401; a session in another workspace, a non-member or a role without
/// the permission is 403; nothing is read or changed before. Push and GC need <c>workspace.write</c> (editor), pull,
/// snapshot and update-cursor <c>workspace.read</c> (viewer). Request-level failures are
/// <see cref="SyncRequestException"/>s with the reference's status; per-op failures of a push are results.
/// Thread-safe.
/// </remarks>
public interface ISyncGateway
{
    /// <summary>What this gateway offers.</summary>
    SyncCapabilities Capabilities { get; }

    /// <summary>Applies a batch: each new op gets the next version of one contiguous block, all in one atomic write.</summary>
    ValueTask<PushResult> PushAsync(SyncCaller caller, PushBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Reads the changes after a cursor, in version order.</summary>
    ValueTask<PullResponse> PullAsync(SyncCaller caller, PullRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a consistent snapshot; the first page captures it.</summary>
    ValueTask<SnapshotPage> SnapshotAsync(SyncCaller caller, SnapshotRequest request, CancellationToken cancellationToken = default);

    /// <summary>Moves a device's cursor forward (400 beyond the counter or malformed, 403 another owner, 409 backwards).</summary>
    ValueTask UpdateCursorAsync(SyncCaller caller, string workspaceId, string deviceId, long version, CancellationToken cancellationToken = default);

    /// <summary>Expires idle cursors, then deletes change-log entries older than the retention and at or below every remaining cursor.</summary>
    ValueTask<GcResult> GcChangeLogAsync(SyncCaller caller, string workspaceId, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Expires idle cursors, then deletes tombstones older than the retention and at or below every remaining cursor.</summary>
    ValueTask<GcResult> GcTombstonesAsync(SyncCaller caller, string workspaceId, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>The ids of the workspaces that are not deleted.</summary>
    IAsyncEnumerable<string> ListWorkspaceIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>The state of GC runs.</summary>
    MaintenanceState GetMaintenanceState();
}
