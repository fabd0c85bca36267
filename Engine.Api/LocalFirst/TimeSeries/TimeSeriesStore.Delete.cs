using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Concurrency;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>Range deletion.</summary>
public sealed partial class TimeSeriesStore
{
    /// <summary>
    /// Deletes the points of <paramref name="series"/> with a timestamp in <c>[fromInclusive, toExclusive)</c> and
    /// returns how many were deleted.
    /// </summary>
    /// <remarks>
    /// The points go in one range tombstone, whatever their number, and the index entries of each tag pair in the range
    /// in one more tombstone per pair, all in one atomic batch. Counting the points (and finding the tag pairs) takes a
    /// scan of the range first. Points already hidden by the series' retention are deleted too but not counted: they
    /// were no longer visible. The space is reclaimed when compaction drops the tombstoned entries.
    /// </remarks>
    /// <param name="series">The series.</param>
    /// <param name="fromInclusive">The start of the range, included.</param>
    /// <param name="toExclusive">The end of the range, excluded.</param>
    /// <param name="cancellationToken">Checked during the scan; the deletion itself is not interrupted.</param>
    /// <returns>The number of visible points deleted; 0 when the range held none.</returns>
    /// <exception cref="ArgumentException"><paramref name="series"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toExclusive"/> precedes <paramref name="fromInclusive"/>.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the deletion.</exception>
    /// <exception cref="CorruptionException">A stored key or record in the range is damaged.</exception>
    /// <exception cref="StorageException">The write failed (I/O, disk full); then nothing is deleted.</exception>
    public ValueTask<long> DeleteRangeAsync(string series, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken = default)
    {
        TimeSeriesArguments.CheckSeries(series, nameof(series));
        TimeSeriesArguments.CheckRange(fromInclusive, toExclusive, nameof(toExclusive));
        _store.ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        byte[] prefix = TimeSeriesKeys.SeriesPrefix(series);
        using KeyLocks.Scope seriesLock = _store.Locks.Acquire(prefix);
        long deleted = DeleteRangeLocked(series, prefix, TimeSeriesKeys.ToTicks(fromInclusive), TimeSeriesKeys.ToTicks(toExclusive), countHidden: false, cancellationToken);
        return ValueTask.FromResult(deleted);
    }

    /// <summary>
    /// Deletes the points of a series in <c>[fromTicks, toTicks)</c> and their index entries in one batch; the caller
    /// holds the series lock, so no write adds a tag pair between the scan and the deletion. Points hidden by retention
    /// count only when <paramref name="countHidden"/> (a retention pass deletes exactly those).
    /// </summary>
    private long DeleteRangeLocked(string series, byte[] prefix, long fromTicks, long toTicks, bool countHidden, CancellationToken cancellationToken)
    {
        long counted = 0;
        long found = 0;
        HashSet<ulong> tagSets = [];
        HashSet<(string Key, string Value)> pairs = [];
        Snapshot snapshot = Database.GetSnapshot();
        using (PointScan scan = new(_store, snapshot, prefix, fromTicks, toTicks, TagSet.Empty))
        {
            long cutoff = countHidden ? long.MinValue : RetentionCutoff(series, snapshot);
            while (scan.MoveNext())
            {
                if (++found % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (scan.Ticks >= cutoff)
                {
                    counted++;
                }

                if (tagSets.Add(scan.TagSetId))
                {
                    AddPairs(scan, pairs);
                }
            }
        }

        if (found == 0)
        {
            return 0;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using WriteBatch batch = new();
        batch.DeleteRange(TimeSeriesKeys.Bound(prefix, fromTicks), TimeSeriesKeys.Bound(prefix, toTicks));
        foreach ((string key, string value) in pairs)
        {
            // The strings came from valid UTF-8, so they have a UTF-8 form again.
            TagPair pair = new(key, value, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
            byte[] tagPrefix = TimeSeriesKeys.TagPrefix(prefix, pair);
            batch.DeleteRange(TimeSeriesKeys.Bound(tagPrefix, fromTicks), TimeSeriesKeys.Bound(tagPrefix, toTicks));
        }

        Database.Write(batch, _store.Options.Durability);
        return counted;
    }

    private void AddPairs(PointScan scan, HashSet<(string Key, string Value)> pairs)
    {
        if (!PointRecord.TryReadTags(scan.Section, out IReadOnlyDictionary<string, string>? tags, out string? error))
        {
            throw new CorruptionException(_store.Directory, scan.PointKey, error!);
        }

        foreach (KeyValuePair<string, string> tag in tags!)
        {
            pairs.Add((tag.Key, tag.Value));
        }
    }
}
