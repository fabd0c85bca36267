using Engine.Api.LocalFirst.TimeSeries;

namespace Engine.Bench.Local;

/// <summary>The time series: the store's atomic point writes and bucketed aggregation.</summary>
internal sealed partial class EngineTarget
{
    /// <inheritdoc/>
    public ValueTask WritePointsAsync(IReadOnlyList<DataPoint> points) => _store.TimeSeries.WriteAsync(points);

    /// <inheritdoc/>
    public async ValueTask<int> AggregateMeanAsync(string series, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        IReadOnlyList<AggregateBucket> buckets = await _store.TimeSeries.AggregateAsync(series, from, to, Aggregation.Mean, bucket).ConfigureAwait(false);
        return buckets.Count;
    }
}
