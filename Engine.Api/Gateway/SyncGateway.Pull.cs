using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway;

public sealed partial class SyncGateway
{
    /// <summary>The longest device id, in characters, after trimming.</summary>
    internal const int MaxDeviceIdLength = 256;

    /// <inheritdoc/>
    /// <remarks>
    /// A null limit is <see cref="SyncGatewayOptions.DefaultPullLimit"/>; any limit is clamped to
    /// [1, <see cref="SyncGatewayOptions.MaxPullLimit"/>] (0 reads one change). An empty table filter means every
    /// table. <see cref="PullResponse.NextCursor"/> is the last returned change's version, or the request's cursor;
    /// <see cref="PullResponse.RequiresSnapshot"/> is <c>oldest &gt; 0 &amp;&amp; cursor &lt; oldest − 1</c>: the next
    /// version the client needs has been collected.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/> or <paramref name="request"/> or its workspace is null.</exception>
    /// <exception cref="SyncRequestException">401 or 403 (see the type's remarks); 400 for a negative cursor.</exception>
    public async ValueTask<PullResponse> PullAsync(SyncCaller caller, PullRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckCall(caller, request.WorkspaceId, "request.WorkspaceId");
        await AuthorizeAsync(caller, request.WorkspaceId, WorkspaceRole.Viewer, cancellationToken).ConfigureAwait(false);
        if (request.Cursor < 0)
        {
            throw BadRequest("cursor must be at least 0");
        }

        int limit = Math.Clamp(request.Limit ?? _options.DefaultPullLimit, 1, _options.MaxPullLimit);
        StorePullResult read = await _store.PullAsync(
            request.WorkspaceId, request.Cursor, limit, NullIfEmpty(request.Tables), cancellationToken).ConfigureAwait(false);
        long nextCursor = read.Changes.Count > 0 ? read.Changes[^1].ServerVersion : request.Cursor;
        long oldest = read.OldestRetainedVersion;
        bool requiresSnapshot = oldest > 0 && request.Cursor < oldest - 1;
        return new PullResponse(read.Changes, nextCursor, read.HasMore, oldest, requiresSnapshot);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The device id is trimmed and must then have 1 to 256 characters, and <paramref name="version"/> must be at
    /// least 0 (400). The store refuses a version beyond the counter (400), a device another user wrote first (403) and
    /// a move backwards (409); an equal version is accepted.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/>, <paramref name="workspaceId"/> or <paramref name="deviceId"/> is null.</exception>
    /// <exception cref="SyncRequestException">401 or 403 (see the type's remarks); 400, 403 or 409 as above.</exception>
    public async ValueTask UpdateCursorAsync(
        SyncCaller caller, string workspaceId, string deviceId, long version, CancellationToken cancellationToken = default)
    {
        CheckCall(caller, workspaceId, nameof(workspaceId));
        ArgumentNullException.ThrowIfNull(deviceId);
        await AuthorizeAsync(caller, workspaceId, WorkspaceRole.Viewer, cancellationToken).ConfigureAwait(false);
        string device = deviceId.Trim();
        if (device.Length is 0 or > MaxDeviceIdLength)
        {
            throw BadRequest("deviceId must have 1 to 256 characters");
        }

        if (version < 0)
        {
            throw BadRequest("version must be a non-negative integer");
        }

        CursorUpdateOutcome outcome = await _store.UpdateCursorAsync(
            workspaceId, device, caller.UserId!, version, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case CursorUpdateOutcome.Updated:
                return;
            case CursorUpdateOutcome.BeyondCounter:
                throw BadRequest("version exceeds the workspace's server version");
            case CursorUpdateOutcome.OtherOwner:
                throw new SyncRequestException(403, "the device cursor belongs to another user");
            case CursorUpdateOutcome.Regression:
                throw new SyncRequestException(409, "the cursor must not move backwards");
            default:
                throw new InvalidOperationException($"unknown cursor update outcome {outcome}");
        }
    }

    /// <summary>A table filter with no table means every table, as in the reference.</summary>
    private static IReadOnlySet<string>? NullIfEmpty(IReadOnlySet<string>? tables) => tables is { Count: 0 } ? null : tables;
}
