using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway;

/// <summary>
/// The gateway over any <see cref="ISyncLogStore"/>: checks the caller, validates and groups pushed ops, fingerprints
/// them, bounds pulls, encodes snapshot page tokens and runs GC under the capability policy (spec sync-gateway.md
/// sections 1 and 4). The store applies each call atomically; the gateway holds no per-workspace state.
/// </summary>
/// <remarks>
/// <para>
/// Every call checks its caller before anything is read or changed: no user is 401, a session in another workspace is
/// 403 (<c>forbidden</c>), and the caller's role from <see cref="IAuthWorkspaceStore.GetWorkspaceRoleAsync"/> must be
/// at least <see cref="WorkspaceRole.Editor"/> for push and GC and <see cref="WorkspaceRole.Viewer"/> for pull,
/// snapshot and update-cursor (403 otherwise). Arguments are checked next (400), then the store is called.
/// </para>
/// <para>Thread-safe: the only mutable state is the maintenance state, kept under a lock.</para>
/// </remarks>
public sealed partial class SyncGateway : ISyncGateway
{
    private readonly ISyncLogStore _store;
    private readonly IAuthWorkspaceStore _workspaces;
    private readonly SyncGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly PendingOpChecker _checker;
    private readonly MaintenanceTracker _maintenance;

    /// <summary>Creates a gateway over a change-log store and a workspace store, neither of which it owns.</summary>
    /// <param name="store">Where changes, records, cursors and snapshots live.</param>
    /// <param name="workspaces">Where roles come from.</param>
    /// <param name="options">Validation limits and capabilities; null for <see cref="SyncGatewayOptions.Default"/>.</param>
    /// <param name="time">The clock of every timestamp; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="workspaces"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting of <paramref name="options"/> is out of range.</exception>
    public SyncGateway(ISyncLogStore store, IAuthWorkspaceStore workspaces, SyncGatewayOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(workspaces);
        options ??= SyncGatewayOptions.Default;
        options.Validate();
        _store = store;
        _workspaces = workspaces;
        _options = options;
        _time = time ?? TimeProvider.System;
        _checker = new PendingOpChecker(options);
        _maintenance = new MaintenanceTracker(GcEnabled);
    }

    /// <inheritdoc/>
    public SyncCapabilities Capabilities => _options.Capabilities;

    /// <summary>The options in effect.</summary>
    public SyncGatewayOptions Options => _options;

    /// <summary>Whether GC may run: only when snapshots can bootstrap the devices it strands (both <c>snapshot-v1</c> capabilities).</summary>
    private bool GcEnabled =>
        (_options.Capabilities & (SyncCapabilities.SnapshotV1 | SyncCapabilities.HistoryRetentionV1))
        == (SyncCapabilities.SnapshotV1 | SyncCapabilities.HistoryRetentionV1);

    /// <inheritdoc/>
    /// <remarks>Delegates to the workspace store; needs no caller (the admin surface calls it).</remarks>
    public IAsyncEnumerable<string> ListWorkspaceIdsAsync(CancellationToken cancellationToken = default) =>
        _workspaces.ListWorkspaceIdsAsync(cancellationToken);

    /// <summary>
    /// Checks the caller against a workspace: 401 without a user, 403 (<c>forbidden</c>) when the session is in another
    /// workspace or the caller's role is missing or below <paramref name="needed"/>.
    /// </summary>
    private async ValueTask AuthorizeAsync(SyncCaller caller, string workspaceId, WorkspaceRole needed, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(caller.UserId))
        {
            throw new SyncRequestException(401, "unauthorized");
        }

        if (!string.Equals(caller.SessionWorkspaceId, workspaceId, StringComparison.Ordinal))
        {
            throw new SyncRequestException(403, "forbidden");
        }

        WorkspaceRole? role = await _workspaces.GetWorkspaceRoleAsync(caller.UserId, workspaceId, cancellationToken).ConfigureAwait(false);
        if (role is null || role.Value < needed)
        {
            throw new SyncRequestException(403, "forbidden");
        }
    }

    /// <summary>Checks the arguments every call shares.</summary>
    private static void CheckCall(SyncCaller caller, string workspaceId, string workspaceIdName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(workspaceId, workspaceIdName);
    }

    private static SyncRequestException BadRequest(string message) => new(400, message);
}
