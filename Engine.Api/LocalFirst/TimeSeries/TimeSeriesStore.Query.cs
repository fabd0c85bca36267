using System;
using System.Collections.Generic;
using System.Threading;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>Range queries.</summary>
public sealed partial class TimeSeriesStore
{
    /// <summary>
    /// The points of <paramref name="series"/> with a timestamp in <c>[fromInclusive, toExclusive)</c>, in time order
    /// (points at one instant in the order of their tag-set ids), streamed: memory does not grow with the range.
    /// </summary>
    /// <remarks>
    /// The store is read as of the moment enumeration starts. Points older than the series' retention
    /// (<see cref="SetRetentionAsync"/>) are left out even before <see cref="ApplyRetentionAsync"/> removes them. With
    /// <paramref name="tags"/>, only points carrying every one of those tags are returned; the index of the first tag
    /// (in the UTF-8 order of the keys) is walked, so the cost follows the points carrying that tag, not the series.
    /// </remarks>
    /// <param name="series">The series.</param>
    /// <param name="fromInclusive">The start of the range, included.</param>
    /// <param name="toExclusive">The end of the range, excluded.</param>
    /// <param name="tags">Tags every returned point carries (key and value equal); null or empty for all points.</param>
    /// <param name="cancellationToken">Checked before each point.</param>
    /// <exception cref="ArgumentException"><paramref name="series"/> is null or empty, or a tag is invalid (as for <see cref="WriteAsync"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toExclusive"/> precedes <paramref name="fromInclusive"/>.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed (checked here and when enumeration starts).</exception>
    /// <exception cref="CorruptionException">A stored key or record is damaged (during enumeration).</exception>
    public IAsyncEnumerable<DataPoint> QueryAsync(
        string series,
        DateTimeOffset fromInclusive,
        DateTimeOffset toExclusive,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        TimeSeriesArguments.CheckSeries(series, nameof(series));
        TimeSeriesArguments.CheckRange(fromInclusive, toExclusive, nameof(toExclusive));
        TagSet filter = TagSet.Create(tags, nameof(tags));
        _store.ThrowIfDisposed();
        return new PointQuery(this, series, TimeSeriesKeys.ToTicks(fromInclusive), TimeSeriesKeys.ToTicks(toExclusive), filter, cancellationToken);
    }
}
