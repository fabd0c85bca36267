using Engine.Api.LocalFirst.TimeSeries;

namespace Engine.Bench.Local;

/// <summary>Tagged points: our time-series store, or a SQLite table <c>(series, ts, tags, value)</c> indexed on <c>(series, ts)</c>.</summary>
internal interface ITimeSeriesTarget
{
    /// <summary>Writes the points in one atomic commit.</summary>
    ValueTask WritePointsAsync(IReadOnlyList<DataPoint> points);

    /// <summary>The mean per <paramref name="bucket"/> of <paramref name="series"/> over [from, to); returns how many buckets hold points.</summary>
    ValueTask<int> AggregateMeanAsync(string series, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket);
}
