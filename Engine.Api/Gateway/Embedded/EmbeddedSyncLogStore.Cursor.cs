using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

public sealed partial class EmbeddedSyncLogStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Under the workspace's lock, checked in the reference's order: beyond the counter, then another owner, then a
    /// regression. An equal version is an update: it refreshes the cursor's time, which keeps it from expiring in GC.
    /// </remarks>
    /// <exception cref="ArgumentException">The workspace, device or user id is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The write failed.</exception>
    public async ValueTask<CursorUpdateOutcome> UpdateCursorAsync(
        string workspaceId, string deviceId, string userId, long version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        EnsureOpen();
        using WorkspaceLease lease = await LockAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        if (version > ReadCounter(workspaceId).ServerVersion)
        {
            return CursorUpdateOutcome.BeyondCounter;
        }

        byte[] key = GatewayKeys.Cursor(workspaceId, deviceId);
        CursorValue? stored = GatewayRecords.Get<CursorValue>(_database, key);
        if (stored is not null && !string.Equals(stored.OwnerUserId, userId, StringComparison.Ordinal))
        {
            return CursorUpdateOutcome.OtherOwner;
        }

        if (stored is not null && version < stored.LastSeenVersion)
        {
            return CursorUpdateOutcome.Regression;
        }

        cancellationToken.ThrowIfCancellationRequested();
        CursorValue updated = new() { OwnerUserId = userId, LastSeenVersion = version, UpdatedAt = now.ToUnixTimeMilliseconds() };
        _database.Put(key, GatewayRecords.Serialize(updated), _durability);
        return CursorUpdateOutcome.Updated;
    }
}
