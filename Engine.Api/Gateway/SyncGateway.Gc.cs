using System;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.Gateway;

public sealed partial class SyncGateway
{
    /// <inheritdoc/>
    /// <remarks>See <see cref="GcTombstonesAsync"/> for the rules both GC calls share.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/> or <paramref name="workspaceId"/> is null.</exception>
    /// <exception cref="SyncRequestException">401, 400 or 403 (see <see cref="GcTombstonesAsync"/>).</exception>
    public ValueTask<GcResult> GcChangeLogAsync(SyncCaller caller, string workspaceId, TimeSpan retention, CancellationToken cancellationToken = default) =>
        RunGcAsync(caller, workspaceId, retention, collectChangeLog: true, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The caller must be an editor of the workspace its session is in; a session with no workspace (an admin's) is
    /// 400. The retention must be whole seconds within [<see cref="SyncGatewayOptions.MinRetention"/>,
    /// <see cref="SyncGatewayOptions.MaxRetention"/>] (400, nothing touched). Without both <c>snapshot-v1</c>
    /// capabilities GC would strand devices that cannot bootstrap, so the call does nothing and returns an empty
    /// result (0, 0, 0).
    /// </para>
    /// <para>
    /// Otherwise the store collects with <c>cutoff = now − retention</c>, and the maintenance state goes running, then
    /// idle with the end time and the backlog left (change-log entries still eligible at the cutoff), or failed with
    /// the error's message when the store throws (the exception propagates).
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/> or <paramref name="workspaceId"/> is null.</exception>
    /// <exception cref="SyncRequestException">401, 400 or 403 as above.</exception>
    public ValueTask<GcResult> GcTombstonesAsync(SyncCaller caller, string workspaceId, TimeSpan retention, CancellationToken cancellationToken = default) =>
        RunGcAsync(caller, workspaceId, retention, collectChangeLog: false, cancellationToken);

    /// <inheritdoc/>
    public MaintenanceState GetMaintenanceState() => _maintenance.Snapshot();

    private async ValueTask<GcResult> RunGcAsync(
        SyncCaller caller, string workspaceId, TimeSpan retention, bool collectChangeLog, CancellationToken cancellationToken)
    {
        CheckCall(caller, workspaceId, nameof(workspaceId));
        if (!string.IsNullOrEmpty(caller.UserId) && caller.SessionWorkspaceId is null)
        {
            throw BadRequest("workspace not resolved: the session has no workspace");
        }

        await AuthorizeAsync(caller, workspaceId, WorkspaceRole.Editor, cancellationToken).ConfigureAwait(false);
        if (retention.Ticks % TimeSpan.TicksPerSecond != 0 || retention < _options.MinRetention || retention > _options.MaxRetention)
        {
            throw BadRequest(FormattableString.Invariant(
                $"retention must be whole seconds from {(long)_options.MinRetention.TotalSeconds} to {(long)_options.MaxRetention.TotalSeconds}"));
        }

        if (!GcEnabled)
        {
            return new GcResult(0, 0, 0);
        }

        DateTimeOffset cutoff = _time.GetUtcNow() - retention;
        _maintenance.Begin();
        try
        {
            GcResult result = collectChangeLog
                ? await _store.GcChangeLogAsync(workspaceId, cutoff, cancellationToken).ConfigureAwait(false)
                : await _store.GcTombstonesAsync(workspaceId, cutoff, cancellationToken).ConfigureAwait(false);
            long backlog = await _store.CountGcBacklogAsync(workspaceId, cutoff, cancellationToken).ConfigureAwait(false);
            _maintenance.Complete(_time.GetUtcNow(), backlog);
            return result;
        }
        catch (Exception ex)
        {
            _maintenance.Fail(ex.Message);
            throw;
        }
    }
}
