using System;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// The statistics of a stream of values in one pass and constant memory: the count, a compensated sum, the minimum and
/// maximum, and the mean and sum of squared deviations by Welford's update, which stays accurate where the textbook
/// <c>Σx² − (Σx)²/n</c> cancels catastrophically (values far from zero with a small spread).
/// </summary>
/// <remarks>Mutable struct: keep it in a local or a field and update it in place, never through a copy. One owner.</remarks>
internal struct RunningStatistics
{
    private double _mean;
    private double _squaredDeviations;
    private double _sum;
    private double _sumCompensation;
    private double _min;
    private double _max;

    /// <summary>How many values were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        Count++;
        double delta = value - _mean;
        _mean += delta / Count;
        _squaredDeviations += delta * (value - _mean);
        AddToSum(value);
        if (Count == 1)
        {
            _min = value;
            _max = value;
        }
        else
        {
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }
    }

    /// <summary>The statistic <paramref name="aggregation"/> of the values added; NaN when none were (except Count and Sum, 0).</summary>
    public readonly double Result(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Count => Count,
        Aggregation.Sum => Count == 0 ? 0 : Sum(),
        _ when Count == 0 => double.NaN,
        Aggregation.Mean => _mean,
        Aggregation.Min => _min,
        Aggregation.Max => _max,
        Aggregation.StdDev => Math.Sqrt(_squaredDeviations / Count),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Not a member of Aggregation."),
    };

    private readonly double Sum()
    {
        // An infinite sum makes the compensation NaN (∞ − ∞); the plain sum is then the IEEE answer.
        double total = _sum + _sumCompensation;
        return double.IsFinite(_sum) ? total : _sum;
    }

    private void AddToSum(double value)
    {
        // Neumaier's variant of Kahan summation: keeps the low-order bits that each addition rounds away.
        double total = _sum + value;
        _sumCompensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - total) + value : (value - total) + _sum;
        _sum = total;
    }
}
