using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

public sealed partial class EmbeddedSyncLogStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// A forward scan of <c>cl/ws/(cursor, ∞)</c> at one engine snapshot, skipping other tables, reading one matching
    /// entry past the limit to learn <see cref="StorePullResult.HasMore"/>. Takes no lock: the counter, the oldest
    /// entry and the changes all come from that snapshot, so a concurrent push or GC is either wholly seen or not.
    /// </remarks>
    /// <exception cref="ArgumentException">The workspace id is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cursor"/> is negative or <paramref name="limit"/> below 1.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public ValueTask<StorePullResult> PullAsync(
        string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
        using Snapshot snapshot = _database.GetSnapshot();
        long counter = ReadCounter(workspaceId, snapshot).ServerVersion;
        long oldest = OldestRetainedVersion(workspaceId, counter, snapshot);
        List<SyncChange> changes = new(Math.Min(limit, 256));
        bool hasMore = false;
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = GatewayKeys.ChangeLogRange(workspaceId) });
        // A cursor at long.MaxValue has nothing after it; seeking its successor would overflow.
        iterator.SeekGE(GatewayKeys.ChangeLog(workspaceId, cursor == long.MaxValue ? cursor : cursor + 1));
        for (; iterator.Valid && cursor != long.MaxValue; iterator.Next())
        {
            ChangeLogValue entry = GatewayRecords.Parse<ChangeLogValue>(iterator.Key, iterator.Value);
            if (tables is not null && !tables.Contains(entry.Table))
            {
                continue;
            }

            if (changes.Count == limit)
            {
                hasMore = true;
                break;
            }

            changes.Add(new SyncChange(
                GatewayKeys.ChangeLogVersion(iterator.Key),
                entry.Table,
                entry.Pk,
                (SyncOp)entry.Op,
                // Spelled out: a null array converts to an empty memory, not to a null one.
                entry.Payload is byte[] payload ? (ReadOnlyMemory<byte>?)payload : null,
                new ChangeStamp(entry.DeviceId, entry.OpId, entry.Hlc, entry.Clock)));
        }

        return ValueTask.FromResult(new StorePullResult(changes, hasMore, oldest, counter));
    }

    /// <summary>The first version in the workspace's log, or <paramref name="counter"/> + 1 when the log is empty.</summary>
    private long OldestRetainedVersion(string workspaceId, long counter, Snapshot? snapshot)
    {
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = GatewayKeys.ChangeLogRange(workspaceId) });
        iterator.First();
        return iterator.Valid ? GatewayKeys.ChangeLogVersion(iterator.Key) : counter + 1;
    }
}
