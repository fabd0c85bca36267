using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>Aggregation over a range, whole or in time buckets.</summary>
public sealed partial class TimeSeriesStore
{
    /// <summary>
    /// Aggregates the values of the points of <paramref name="series"/> in <c>[fromInclusive, toExclusive)</c>: over the
    /// whole range, or per time bucket of width <paramref name="bucket"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Buckets are aligned to the Unix epoch: a bucket starts at a whole multiple of its width after
    /// 1970-01-01T00:00:00Z (before it, for earlier points), so the buckets of two queries with the same width line up
    /// whatever their ranges. The first and last buckets may therefore extend beyond the range, but only points inside
    /// the range count. Buckets without points are omitted; the result is in time order. Without a bucket, the result
    /// is one entry starting at <paramref name="fromInclusive"/>, or none when the range holds no point.
    /// </para>
    /// <para>
    /// <see cref="Aggregation.StdDev"/> is the POPULATION standard deviation: the square root of the sum of squared
    /// deviations from the mean divided by N, the number of points (not N − 1). Mean and deviation are computed in one
    /// pass with Welford's update and the sum with compensated summation, so they stay accurate over millions of points
    /// far from zero. The points are read as by <see cref="QueryAsync"/> (retention and <paramref name="tags"/> apply),
    /// without building a <see cref="DataPoint"/> for each.
    /// </para>
    /// </remarks>
    /// <param name="series">The series.</param>
    /// <param name="fromInclusive">The start of the range, included.</param>
    /// <param name="toExclusive">The end of the range, excluded.</param>
    /// <param name="aggregation">What to compute.</param>
    /// <param name="bucket">The width of a time bucket (positive, at least one tick); null to aggregate the whole range.</param>
    /// <param name="tags">Tags every counted point carries; null or empty for all points.</param>
    /// <param name="cancellationToken">Checked every 1,024 points.</param>
    /// <returns>One entry per bucket that holds points, in time order.</returns>
    /// <exception cref="ArgumentException"><paramref name="series"/> is null or empty, or a tag is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="toExclusive"/> precedes <paramref name="fromInclusive"/>, <paramref name="aggregation"/> is not
    /// defined, or <paramref name="bucket"/> is not positive.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="CorruptionException">A stored key or record is damaged.</exception>
    public ValueTask<IReadOnlyList<AggregateBucket>> AggregateAsync(
        string series,
        DateTimeOffset fromInclusive,
        DateTimeOffset toExclusive,
        Aggregation aggregation,
        TimeSpan? bucket = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        TimeSeriesArguments.CheckSeries(series, nameof(series));
        TimeSeriesArguments.CheckRange(fromInclusive, toExclusive, nameof(toExclusive));
        if (!Enum.IsDefined(aggregation))
        {
            throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Not a member of Aggregation.");
        }

        if (bucket is { } width && width <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "A bucket is at least one tick wide.");
        }

        TagSet filter = TagSet.Create(tags, nameof(tags));
        _store.ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        long fromTicks = TimeSeriesKeys.ToTicks(fromInclusive);
        using PointScan scan = OpenVisibleScan(series, fromTicks, TimeSeriesKeys.ToTicks(toExclusive), filter);
        return ValueTask.FromResult<IReadOnlyList<AggregateBucket>>(Aggregate(scan, aggregation, fromTicks, bucket?.Ticks ?? 0, cancellationToken));
    }

    /// <summary>The start of the epoch-aligned bucket of width <paramref name="width"/> that holds <paramref name="ticks"/>.</summary>
    internal static long BucketStart(long ticks, long width)
    {
        long quotient = Math.DivRem(ticks, width, out long remainder);
        return (remainder < 0 ? quotient - 1 : quotient) * width;
    }

    private static List<AggregateBucket> Aggregate(PointScan scan, Aggregation aggregation, long fromTicks, long width, CancellationToken cancellationToken)
    {
        List<AggregateBucket> buckets = [];
        RunningStatistics statistics = default;
        long start = fromTicks;
        long read = 0;
        while (scan.MoveNext())
        {
            if (++read % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            long pointStart = width == 0 ? fromTicks : BucketStart(scan.Ticks, width);
            if (statistics.Count > 0 && pointStart != start)
            {
                buckets.Add(new AggregateBucket(TimeSeriesKeys.FromTicksClamped(start), statistics.Result(aggregation), statistics.Count));
                statistics = default;
            }

            start = pointStart;
            statistics.Add(scan.Value);
        }

        if (statistics.Count > 0)
        {
            buckets.Add(new AggregateBucket(TimeSeriesKeys.FromTicksClamped(start), statistics.Result(aggregation), statistics.Count));
        }

        return buckets;
    }
}
