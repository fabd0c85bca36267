namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>What <see cref="TimeSeriesStore.AggregateAsync"/> computes over the points of a range or of a bucket.</summary>
public enum Aggregation
{
    /// <summary>The arithmetic mean (computed with Welford's update, so it stays accurate over millions of points).</summary>
    Mean,

    /// <summary>The sum (compensated summation, so small values are not lost beside large ones).</summary>
    Sum,

    /// <summary>The smallest value.</summary>
    Min,

    /// <summary>The largest value.</summary>
    Max,

    /// <summary>The number of points.</summary>
    Count,

    /// <summary>
    /// The POPULATION standard deviation: the square root of the mean squared deviation from the mean, dividing by the
    /// number of points N (not N − 1). A single point has deviation 0.
    /// </summary>
    StdDev,
}
