using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway;

public sealed partial class SyncGateway
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The page size must lie in [1, <see cref="SyncGatewayOptions.MaxSnapshotPageSize"/>] (400). The first page (no
    /// token) captures the workspace's records and counter, readable until <c>now + SnapshotTtl</c>. A later page's token
    /// must be at most 4,096 characters and well formed (400); its snapshot must be known (410), belong to the
    /// requested workspace (403), not have expired (410, and the capture is dropped) and have the same table filter as
    /// the first page (400; an empty filter means every table).
    /// </para>
    /// <para>
    /// A page reads one item more than it returns to learn whether another follows; the last page has no token.
    /// Without the <c>snapshot-v1</c> capability the call is 404.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/> or <paramref name="request"/> or its workspace is null.</exception>
    /// <exception cref="SyncRequestException">401 or 403 (see the type's remarks); 400, 403, 404 or 410 as above.</exception>
    public async ValueTask<SnapshotPage> SnapshotAsync(SyncCaller caller, SnapshotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckCall(caller, request.WorkspaceId, "request.WorkspaceId");
        await AuthorizeAsync(caller, request.WorkspaceId, WorkspaceRole.Viewer, cancellationToken).ConfigureAwait(false);
        if ((_options.Capabilities & SyncCapabilities.SnapshotV1) == 0)
        {
            throw new SyncRequestException(404, "snapshots are not offered (snapshot-v1)");
        }

        if (request.PageSize < 1 || request.PageSize > _options.MaxSnapshotPageSize)
        {
            throw BadRequest(FormattableString.Invariant($"pageSize must be an integer from 1 to {_options.MaxSnapshotPageSize}"));
        }

        IReadOnlySet<string>? tables = NullIfEmpty(request.Tables);
        SnapshotCapture capture;
        SnapshotPosition? after = null;
        if (request.PageToken is null)
        {
            DateTimeOffset now = _time.GetUtcNow();
            capture = await _store.CaptureSnapshotAsync(request.WorkspaceId, tables, now, now + _options.SnapshotTtl, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            if (!SnapshotPageToken.TryDecode(request.PageToken, out string snapshotId, out SnapshotPosition position))
            {
                throw BadRequest("invalid page token");
            }

            capture = await FindLiveSnapshotAsync(snapshotId, request.WorkspaceId, cancellationToken).ConfigureAwait(false);
            if (!SameTables(capture.Tables, tables))
            {
                throw BadRequest("the table filter differs from the snapshot's first page");
            }

            after = position;
        }

        IReadOnlyList<SnapshotItem> items;
        try
        {
            items = await _store.ReadSnapshotAsync(capture, after, request.PageSize + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            // Dropped between the lookup and the read (expired, or evicted by the cap on open captures).
            throw new SyncRequestException(410, "snapshot expired or unknown");
        }

        string? nextToken = null;
        if (items.Count > request.PageSize)
        {
            SnapshotItem last = items[request.PageSize - 1];
            nextToken = SnapshotPageToken.Encode(capture.SnapshotId, new SnapshotPosition(last.TableName, last.Pk, last is SnapshotTombstone));
            items = items.Take(request.PageSize).ToArray();
        }

        return new SnapshotPage(capture.WorkspaceId, capture.SnapshotId, capture.HighWatermark, items, nextToken);
    }

    /// <summary>The capture a token names, checked: 410 when unknown or expired (an expired one is dropped), 403 when another workspace's.</summary>
    private async ValueTask<SnapshotCapture> FindLiveSnapshotAsync(string snapshotId, string workspaceId, CancellationToken cancellationToken)
    {
        SnapshotCapture? capture = await _store.FindSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (capture is null)
        {
            throw new SyncRequestException(410, "snapshot expired or unknown");
        }

        // Checked before expiry, so a caller can neither drop nor probe another workspace's snapshot.
        if (!string.Equals(capture.WorkspaceId, workspaceId, StringComparison.Ordinal))
        {
            throw new SyncRequestException(403, "forbidden");
        }

        if (_time.GetUtcNow() >= capture.ExpiresAt)
        {
            await _store.DropSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
            throw new SyncRequestException(410, "snapshot expired or unknown");
        }

        return capture;
    }

    private static bool SameTables(IReadOnlySet<string>? captured, IReadOnlySet<string>? requested)
    {
        captured = NullIfEmpty(captured);
        if (captured is null || requested is null)
        {
            return captured is null && requested is null;
        }

        return captured.Count == requested.Count && captured.All(requested.Contains);
    }
}
