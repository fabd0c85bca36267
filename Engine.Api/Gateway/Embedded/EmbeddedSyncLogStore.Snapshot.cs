using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

public sealed partial class EmbeddedSyncLogStore
{
    /// <summary>The number of snapshot captures held now (expired ones not yet met included).</summary>
    internal int OpenSnapshotCount => _snapshots.Count;

    /// <inheritdoc/>
    /// <remarks>
    /// Copies nothing: retains an engine <see cref="Snapshot"/> (compaction keeps what it sees) in an in-memory registry
    /// under a random 128-bit id (32 lowercase hex digits), with the counter read at that snapshot as its watermark.
    /// Capturing drops expired captures and, beyond the cap, the oldest one.
    /// </remarks>
    /// <exception cref="ArgumentException">The workspace id is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public ValueTask<SnapshotCapture> CaptureSnapshotAsync(
        string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
#pragma warning disable CA2000 // Ownership passes to the registry, which disposes it when the capture is dropped.
        Snapshot snapshot = _database.GetSnapshot();
#pragma warning restore CA2000
        SnapshotCapture capture;
        try
        {
            long watermark = ReadCounter(workspaceId, snapshot).ServerVersion;
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            IReadOnlySet<string>? filter = tables is null ? null : new HashSet<string>(tables, StringComparer.Ordinal);
            capture = new SnapshotCapture(id, workspaceId, watermark, filter, expiresAt);
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }

        _snapshots.Add(capture, snapshot, now);
        return ValueTask.FromResult(capture);
    }

    /// <inheritdoc/>
    /// <remarks>A capture past its <see cref="SnapshotCapture.ExpiresAt"/> (by the store's clock) is dropped and reported unknown.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="snapshotId"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public ValueTask<SnapshotCapture?> FindSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        EnsureOpen();
        return ValueTask.FromResult(_snapshots.Find(snapshotId, _time.GetUtcNow())?.Capture);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Merges <c>row/ws</c> and <c>tomb/ws</c> at the capture's engine snapshot, by (table, pk) in the key encoding's
    /// order (UTF-8 bytes, which is ordinal order except between supplementary characters and U+E000..U+FFFF): a live
    /// row is a <see cref="SnapshotRow"/>; a deleted row a <see cref="SnapshotTombstone"/> with its tombstone's deletion
    /// time when the tombstone is that delete's, else the row's update time; a tombstone without a row a
    /// <see cref="SnapshotTombstone"/>. Each record appears once, so the page after a position starts at the next
    /// (table, pk), whatever the position's kind.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The capture is no longer held (NotFound): expired, dropped or evicted; the gateway's 410.</exception>
    public ValueTask<IReadOnlyList<SnapshotItem>> ReadSnapshotAsync(
        SnapshotCapture snapshot, SnapshotPosition? after, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
        RetainedSnapshot? retained = _snapshots.Find(snapshot.SnapshotId, _time.GetUtcNow());
        Snapshot? pinned = retained?.TryAcquire();
        if (pinned is null)
        {
            throw new StorageException(StorageErrorCode.NotFound, $"the snapshot '{snapshot.SnapshotId}' is no longer held");
        }

        try
        {
            return ValueTask.FromResult<IReadOnlyList<SnapshotItem>>(ReadItems(retained!.Capture, pinned, after, count));
        }
        finally
        {
            retained!.Release();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="snapshotId"/> is null.</exception>
    public ValueTask DropSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        _snapshots.Remove(snapshotId);
        return ValueTask.CompletedTask;
    }

    private List<SnapshotItem> ReadItems(SnapshotCapture capture, Snapshot snapshot, SnapshotPosition? after, int count)
    {
        string ws = capture.WorkspaceId;
        List<SnapshotItem> items = new(Math.Min(count, 256));
        using DatabaseIterator rows = _database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = GatewayKeys.WorkspaceRange(GatewayKeyspace.Row, ws) });
        using DatabaseIterator tombstones = _database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = GatewayKeys.WorkspaceRange(GatewayKeyspace.Tombstone, ws) });
        if (after is SnapshotPosition position)
        {
            SeekPast(rows, GatewayKeys.Row(ws, position.TableName, position.Pk));
            SeekPast(tombstones, GatewayKeys.Tombstone(ws, position.TableName, position.Pk));
        }
        else
        {
            rows.First();
            tombstones.First();
        }

        while (items.Count < count && (rows.Valid || tombstones.Valid))
        {
            int order = !rows.Valid ? 1
                : !tombstones.Valid ? -1
                : GatewayKeys.AfterWorkspace(rows.Key).SequenceCompareTo(GatewayKeys.AfterWorkspace(tombstones.Key));
            (string table, string pk) = GatewayKeys.ReadRecordKey(order <= 0 ? rows.Key : tombstones.Key);
            if (capture.Tables is null || capture.Tables.Contains(table))
            {
                RowValue? row = order <= 0 ? GatewayRecords.Parse<RowValue>(rows.Key, rows.Value) : null;
                TombstoneValue? tombstone = order >= 0 ? GatewayRecords.Parse<TombstoneValue>(tombstones.Key, tombstones.Value) : null;
                items.Add(Item(table, pk, row, tombstone));
            }

            if (order <= 0)
            {
                rows.Next();
            }

            if (order >= 0)
            {
                tombstones.Next();
            }
        }

        return items;
    }

    private static SnapshotItem Item(string table, string pk, RowValue? row, TombstoneValue? tombstone)
    {
        if (row is null)
        {
            return new SnapshotTombstone(table, pk, new Revision(tombstone!.Clock, tombstone.Hlc, tombstone.OpId), tombstone.ServerDeletedAt);
        }

        Revision revision = new(row.Clock, row.Hlc, row.OpId);
        if (!row.Deleted)
        {
            return new SnapshotRow(table, pk, revision, row.Payload);
        }

        bool sameDelete = tombstone is not null && new Revision(tombstone.Clock, tombstone.Hlc, tombstone.OpId) == revision;
        return new SnapshotTombstone(table, pk, revision, sameDelete ? tombstone!.ServerDeletedAt : row.UpdatedAt);
    }

    private static void SeekPast(DatabaseIterator iterator, byte[] key)
    {
        iterator.SeekGE(key);
        if (iterator.Valid && iterator.Key.SequenceEqual(key))
        {
            iterator.Next();
        }
    }
}
