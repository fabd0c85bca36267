using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Api.Sync.Records;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>Per-series retention.</summary>
public sealed partial class TimeSeriesStore
{
    /// <summary>
    /// Sets how long the points of <paramref name="series"/> are kept: from now on, a point whose timestamp is before
    /// <c>now − retention</c> (by the store's clock, <see cref="LocalStoreOptions.Clock"/>) is invisible to queries,
    /// aggregates and range deletions, and <see cref="ApplyRetentionAsync"/> removes it. Null removes the retention.
    /// </summary>
    /// <remarks>
    /// Retention hides points as soon as it is set; removing them takes a call to <see cref="ApplyRetentionAsync"/>
    /// (periodically, at the application's pace). Lengthening or removing a retention shows again the points that are
    /// not yet removed.
    /// </remarks>
    /// <param name="series">The series; it need not have points yet.</param>
    /// <param name="retention">How long points are kept (at least one tick), or null to keep them until deleted.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentException"><paramref name="series"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is zero or negative.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the write.</exception>
    /// <exception cref="StorageException">The write failed (I/O, disk full).</exception>
    public ValueTask SetRetentionAsync(string series, TimeSpan? retention, CancellationToken cancellationToken = default)
    {
        TimeSeriesArguments.CheckSeries(series, nameof(series));
        if (retention is { } span && span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "A retention is at least one tick.");
        }

        _store.ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        byte[] key = TimeSeriesKeys.SeriesRecordKey(series);
        if (retention is null)
        {
            Database.Delete(key, _store.Options.Durability);
        }
        else
        {
            Database.Put(key, RecordSerializer.Serialize(new SeriesRecord { RetentionTicks = retention.Value.Ticks }), _store.Options.Durability);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The retention of <paramref name="series"/>, or null when its points are kept until deleted.</summary>
    /// <param name="series">The series.</param>
    /// <param name="cancellationToken">Checked before the read.</param>
    /// <exception cref="ArgumentException"><paramref name="series"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="CorruptionException">The stored retention is damaged.</exception>
    public ValueTask<TimeSpan?> GetRetentionAsync(string series, CancellationToken cancellationToken = default)
    {
        TimeSeriesArguments.CheckSeries(series, nameof(series));
        _store.ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ReadRetention(TimeSeriesKeys.SeriesRecordKey(series), null));
    }

    /// <summary>
    /// Removes, from every series that has a retention, the points older than <c>now − retention</c>: one range
    /// deletion per series (with its tag index entries), each atomic. Returns how many points were removed.
    /// </summary>
    /// <remarks>
    /// Call it periodically (say, hourly, or at start-up); between calls retention only hides points. Series are done
    /// one after another, so a failure or cancellation part-way leaves the series before it done and the rest as
    /// they were, and a later call finishes the work.
    /// </remarks>
    /// <param name="cancellationToken">Checked between series and during each scan.</param>
    /// <returns>The number of points removed, over all series.</returns>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="CorruptionException">A series record, or a key or record in a removed range, is damaged.</exception>
    /// <exception cref="StorageException">A write failed (I/O, disk full).</exception>
    public ValueTask<long> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        _store.ThrowIfDisposed();
        long removed = 0;
        foreach ((string series, TimeSpan retention) in ReadRetentions())
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] prefix = TimeSeriesKeys.SeriesPrefix(series);
            using KeyLocks.Scope seriesLock = _store.Locks.Acquire(prefix);
            long cutoff = Cutoff(retention);
            if (cutoff > TimeSeriesKeys.MinTicks)
            {
                removed += DeleteRangeLocked(series, prefix, TimeSeriesKeys.MinTicks, cutoff, countHidden: true, cancellationToken);
            }
        }

        return ValueTask.FromResult(removed);
    }

    /// <summary>Every series with a retention, read at once so that the deletions do not run under an open iterator.</summary>
    private List<(string Series, TimeSpan Retention)> ReadRetentions()
    {
        List<(string, TimeSpan)> retentions = [];
        using DatabaseIterator it = Database.NewIterator(new ReadOptions { Range = KeyRange.Prefix([Keyspaces.TimeSeriesMeta]) });
        for (it.First(); it.Valid; it.Next())
        {
            if (!TimeSeriesKeys.TryReadSeries(it.Key, out string series))
            {
                throw new CorruptionException(_store.Directory, it.Key, "a series record key is not 0x42 followed by one tuple string");
            }

            retentions.Add((series, ParseRetention(it.Key, it.Value.ToArray())));
        }

        return retentions;
    }
}
