using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;

namespace Engine.Api.Gateway.Embedded;

public sealed partial class EmbeddedSyncLogStore
{
    /// <summary>The most change-log entries (or tombstones) one GC batch deletes, so no batch grows without bound.</summary>
    internal const int GcChunkSize = 1000;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Under the workspace's lock. Because every entry's <c>createdAt</c> is at least its predecessor's, the entries
    /// to delete (created before the cutoff, at or below the lowest remaining cursor) are a prefix of the log: each
    /// chunk of at most <see cref="GcChunkSize"/> entries is one batch holding one range delete from the log's start
    /// and the op index entries of those entries; the first batch also deletes the expired cursors. A crash between
    /// chunks leaves a shorter prefix deleted, never a hole.
    /// </para>
    /// <para>
    /// The op index entries go with their log entries, as the reference keeps op ids only in its change log: a
    /// collected op id no longer replays, and pushing it again logs it as a new op.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The workspace id is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">A write failed; the chunks before it stay deleted.</exception>
    public ValueTask<GcResult> GcChangeLogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        RunGcAsync(workspaceId, cutoff, CollectChangeLog, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Under the workspace's lock: expires idle cursors as <see cref="GcChangeLogAsync"/> does, then walks
    /// <c>tombv/ws</c> in version order up to the lowest remaining cursor and deletes each tombstone created before the
    /// cutoff with its index entry, at most <see cref="GcChunkSize"/> per batch. The deleted record's row stays, marked
    /// deleted: it still blocks stale puts, and a snapshot still shows the record as a tombstone, with the row's update
    /// time as its deletion time (the time the tombstone carried, since both are written by the same delete).
    /// </remarks>
    /// <exception cref="ArgumentException">The workspace id is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">A write failed; the chunks before it stay deleted.</exception>
    public ValueTask<GcResult> GcTombstonesAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        RunGcAsync(workspaceId, cutoff, CollectTombstones, cancellationToken);

    /// <summary>
    /// One GC call: under the workspace's lock and at one engine snapshot, the expired cursors' deletes go into the
    /// first batch, then <paramref name="pass"/> adds its deletes, writing each full chunk; the rest is written last.
    /// </summary>
    private async ValueTask<GcResult> RunGcAsync(string workspaceId, DateTimeOffset cutoff, GcPass pass, CancellationToken cancellationToken)
    {
        CheckWorkspace(workspaceId);
        EnsureOpen();
        using WorkspaceLease lease = await LockAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        using Snapshot snapshot = _database.GetSnapshot();
        (List<byte[]> expired, long? minCursor) = ReadCursors(workspaceId, cutoffMs, snapshot);
        using WriteBatch batch = new();
        foreach (byte[] key in expired)
        {
            batch.Delete(key);
        }

        long deleted = pass(new GcScope(workspaceId, cutoffMs, minCursor, snapshot, batch), cancellationToken);
        if (batch.Count > 0)
        {
            _database.Write(batch, _durability);
        }

        long counter = ReadCounter(workspaceId).ServerVersion;
        return new GcResult(expired.Count, deleted, OldestRetainedVersion(workspaceId, counter, snapshot: null));
    }

    /// <summary>Adds the change-log prefix's deletes, chunk by chunk; returns the entries deleted.</summary>
    private long CollectChangeLog(GcScope scope, CancellationToken cancellationToken)
    {
        long deleted = 0;
        int inChunk = 0;
        long last = 0;
        byte[] start = GatewayKeys.ChangeLog(scope.WorkspaceId, 0);
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions { Snapshot = scope.Snapshot, Range = GatewayKeys.ChangeLogRange(scope.WorkspaceId) });
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            long version = GatewayKeys.ChangeLogVersion(iterator.Key);
            ChangeLogValue entry = GatewayRecords.Parse<ChangeLogValue>(iterator.Key, iterator.Value);
            if (version > scope.MinCursor || entry.CreatedAt >= scope.CutoffMs)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            scope.Batch.Delete(GatewayKeys.OpIndex(entry.OpId));
            last = version;
            deleted++;
            if (++inChunk == GcChunkSize)
            {
                scope.Batch.DeleteRange(start, GatewayKeys.ChangeLog(scope.WorkspaceId, last + 1));
                WriteChunk(scope.Batch);
                inChunk = 0;
            }
        }

        if (inChunk > 0)
        {
            scope.Batch.DeleteRange(start, GatewayKeys.ChangeLog(scope.WorkspaceId, last + 1));
        }

        return deleted;
    }

    /// <summary>Adds the eligible tombstones' deletes (and their index entries'), chunk by chunk; returns the tombstones deleted.</summary>
    private long CollectTombstones(GcScope scope, CancellationToken cancellationToken)
    {
        long deleted = 0;
        int inChunk = 0;
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions
        {
            Snapshot = scope.Snapshot,
            Range = GatewayKeys.WorkspaceRange(GatewayKeyspace.TombstoneByVersion, scope.WorkspaceId),
        });
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            (long version, string table, string pk) = GatewayKeys.ReadTombstoneByVersion(iterator.Key);
            if (version > scope.MinCursor)
            {
                break;
            }

            byte[] tombstoneKey = GatewayKeys.Tombstone(scope.WorkspaceId, table, pk);
            TombstoneValue? tombstone = GatewayRecords.Get<TombstoneValue>(_database, tombstoneKey, scope.Snapshot);
            bool indexed = tombstone is not null && tombstone.ServerVersion == version;
            if (indexed && tombstone!.CreatedAt >= scope.CutoffMs)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            scope.Batch.Delete(iterator.Key);

            // An index entry without its tombstone cannot be written (both go in one batch), but is dropped if met.
            if (indexed)
            {
                scope.Batch.Delete(tombstoneKey);
                deleted++;
            }

            if (++inChunk == GcChunkSize)
            {
                WriteChunk(scope.Batch);
                inChunk = 0;
            }
        }

        return deleted;
    }

    private void WriteChunk(WriteBatch batch)
    {
        _database.Write(batch, _durability);
        batch.Clear();
    }

    /// <inheritdoc/>
    /// <remarks>Reads one engine snapshot, takes no lock and writes nothing: cursors idle since before the cutoff count as expired.</remarks>
    /// <exception cref="ArgumentException">The workspace id is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public ValueTask<long> CountGcBacklogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        using Snapshot snapshot = _database.GetSnapshot();
        (_, long? minCursor) = ReadCursors(workspaceId, cutoffMs, snapshot);
        long count = 0;
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = GatewayKeys.ChangeLogRange(workspaceId) });
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            if (GatewayKeys.ChangeLogVersion(iterator.Key) > minCursor
                || GatewayRecords.Parse<ChangeLogValue>(iterator.Key, iterator.Value).CreatedAt >= cutoffMs)
            {
                break;
            }

            count++;
        }

        return ValueTask.FromResult(count);
    }

    /// <summary>The keys of the workspace's cursors idle since before the cutoff, and the lowest version of the others (null when none).</summary>
    private (List<byte[]> Expired, long? MinRemaining) ReadCursors(string workspaceId, long cutoffMs, Snapshot snapshot)
    {
        List<byte[]> expired = [];
        long? min = null;
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions
        {
            Snapshot = snapshot,
            Range = GatewayKeys.WorkspaceRange(GatewayKeyspace.Cursor, workspaceId),
        });
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            CursorValue cursor = GatewayRecords.Parse<CursorValue>(iterator.Key, iterator.Value);
            if (cursor.UpdatedAt < cutoffMs)
            {
                expired.Add(iterator.Key.ToArray());
            }
            else
            {
                min = min is long m ? Math.Min(m, cursor.LastSeenVersion) : cursor.LastSeenVersion;
            }
        }

        return (expired, min);
    }

    /// <summary>What a GC pass works on: the workspace, the cutoff, the lowest remaining cursor (null: none), the snapshot it reads and the batch it fills.</summary>
    private readonly record struct GcScope(string WorkspaceId, long CutoffMs, long? MinCursor, Snapshot Snapshot, WriteBatch Batch);

    private delegate long GcPass(GcScope scope, CancellationToken cancellationToken);
}
