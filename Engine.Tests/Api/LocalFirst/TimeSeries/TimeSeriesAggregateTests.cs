using CsCheck;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.LocalFirst.TimeSeries.TimeSeriesFixture;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

[Trait("Category", "Unit")]
public sealed class TimeSeriesAggregateTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Aggregation.Mean, 5.0)]
    [InlineData(Aggregation.Sum, 40.0)]
    [InlineData(Aggregation.Min, 2.0)]
    [InlineData(Aggregation.Max, 9.0)]
    [InlineData(Aggregation.Count, 8.0)]
    [InlineData(Aggregation.StdDev, 2.0)] // population: sqrt(32 / 8); the sample deviation would be sqrt(32 / 7)
    public async Task AggregateAsync_OverTheWholeRange_ComputesTheStatistic(Aggregation aggregation, double expected)
    {
        using TimeSeriesFixture fx = new();
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        await fx.Series.WriteAsync([.. values.Select((v, i) => new DataPoint("s", s_t0.AddSeconds(i), v))]);

        AggregateBucket bucket = Assert.Single(await fx.Series.AggregateAsync("s", s_t0.AddTicks(-3), s_t0.AddMinutes(1), aggregation));

        Assert.Equal(expected, bucket.Value, 12);
        Assert.Equal(8, bucket.Count);
        Assert.Equal(s_t0.AddTicks(-3), bucket.Start);
    }

    [Fact]
    public async Task AggregateAsync_OfASinglePoint_HasDeviationZero_AndOfNoPoints_IsEmpty()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([new DataPoint("s", s_t0, 42)]);

        Assert.Equal(0, Assert.Single(await fx.Series.AggregateAsync("s", s_t0, s_t0.AddDays(1), Aggregation.StdDev)).Value);
        Assert.Empty(await fx.Series.AggregateAsync("s", s_t0.AddDays(1), s_t0.AddDays(2), Aggregation.Count));
        Assert.Empty(await fx.Series.AggregateAsync("nothing", s_t0, s_t0.AddDays(2), Aggregation.Sum, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task AggregateAsync_StaysAccurate_ForValuesFarFromZero()
    {
        // The one-pass textbook formula loses every digit here; Welford's update does not.
        using TimeSeriesFixture fx = new();
        double[] offsets = [4, 7, 13, 16];
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 4000).Select(i => new DataPoint("far", s_t0.AddSeconds(i), 1e9 + offsets[i % 4]))]);

        double mean = Assert.Single(await fx.Series.AggregateAsync("far", s_t0, s_t0.AddDays(1), Aggregation.Mean)).Value;
        double deviation = Assert.Single(await fx.Series.AggregateAsync("far", s_t0, s_t0.AddDays(1), Aggregation.StdDev)).Value;
        double sum = Assert.Single(await fx.Series.AggregateAsync("far", s_t0, s_t0.AddDays(1), Aggregation.Sum)).Value;

        Assert.Equal(1e9 + 10, mean, tolerance: 1e-5);
        Assert.Equal(Math.Sqrt(22.5), deviation, tolerance: 1e-5);
        Assert.Equal((4000 * 1e9) + (1000 * 40), sum);
    }

    [Fact]
    public async Task AggregateAsync_BucketsAreAlignedToTheEpoch_EvenBefore1970_AndEmptyOnesAreOmitted()
    {
        using TimeSeriesFixture fx = new();
        TimeSpan hour = TimeSpan.FromHours(1);
        await fx.Series.WriteAsync(
        [
            new DataPoint("b", Epoch.AddMinutes(-90), 1),
            new DataPoint("b", Epoch.AddMinutes(-61), 2),
            new DataPoint("b", Epoch.AddMinutes(-30), 3),
            new DataPoint("b", Epoch.AddTicks(-1), 4),
            new DataPoint("b", Epoch, 5),
            new DataPoint("b", Epoch.AddMinutes(150), 6),
        ]);

        IReadOnlyList<AggregateBucket> buckets = await fx.Series.AggregateAsync("b", Epoch.AddMinutes(-75), Epoch.AddHours(5), Aggregation.Sum, hour);

        Assert.Equal(
            [
                new AggregateBucket(Epoch.AddHours(-2), 2, 1),
                new AggregateBucket(Epoch.AddHours(-1), 7, 2),
                new AggregateBucket(Epoch, 5, 1),
                new AggregateBucket(Epoch.AddHours(2), 6, 1),
            ],
            buckets);
    }

    [Fact]
    public async Task AggregateAsync_WithTags_CountsOnlyTheMatchingPoints()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 30).Select(i => new DataPoint("t", s_t0.AddMinutes(i), i, Tags("parity", i % 2 == 0 ? "even" : "odd")))]);

        IReadOnlyList<AggregateBucket> buckets = await fx.Series.AggregateAsync("t", s_t0, s_t0.AddHours(1), Aggregation.Sum, TimeSpan.FromMinutes(10), Tags("parity", "odd"));

        Assert.Equal([1 + 3 + 5 + 7 + 9.0, 11 + 13 + 15 + 17 + 19, 21 + 23 + 25 + 27 + 29], buckets.Select(b => b.Value));
        Assert.All(buckets, b => Assert.Equal(5, b.Count));
    }

    [Fact]
    public async Task AggregateAsync_AllocatesNothingPerPoint_WithOrWithoutATagFilter()
    {
        using TimeSeriesFixture fx = new();
        Dictionary<string, string> tags = Tags("host", "a");
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 10_000).Select(i => new DataPoint("hot", s_t0.AddSeconds(i), i, tags))]);
        Dictionary<string, string> filter = Tags("host", "a");

        long plain = Allocations.FewestOfThree(() => fx.Series.AggregateAsync("hot", s_t0, s_t0.AddDays(1), Aggregation.StdDev).AsTask().GetAwaiter().GetResult());
        long filtered = Allocations.FewestOfThree(() => fx.Series.AggregateAsync("hot", s_t0, s_t0.AddDays(1), Aggregation.Mean, tags: filter).AsTask().GetAwaiter().GetResult());

        // A fixed cost per call (snapshot, iterator, bounds, result list); a single allocation per point would be 240 KB.
        Assert.InRange(plain, 0, 16 << 10);
        Assert.InRange(filtered, 0, 16 << 10);
    }

    [Fact]
    public void BucketStart_FloorsTowardsMinusInfinity()
    {
        Assert.Equal(0, TimeSeriesStore.BucketStart(0, 10));
        Assert.Equal(0, TimeSeriesStore.BucketStart(9, 10));
        Assert.Equal(-10, TimeSeriesStore.BucketStart(-1, 10));
        Assert.Equal(-10, TimeSeriesStore.BucketStart(-10, 10));
        Assert.Equal(-20, TimeSeriesStore.BucketStart(-11, 10));
        Assert.Equal(-long.MaxValue, TimeSeriesStore.BucketStart(-5, long.MaxValue));
    }

    [Fact]
    public void AggregateAsync_AgreesWithALinqModel_OverRandomPointsRangesAndBuckets()
    {
        Gen<(double[] Values, long[] Offsets, int From, int Length, int Aggregation, int Bucket)> gen =
            Gen.Select(
                Gen.Double[-1e6, 1e6].Array[0, 200],
                Gen.Long[-2_000, 2_000].Array[200],
                Gen.Int[-2_500, 2_500],
                Gen.Int[0, 5_000],
                Gen.Int[0, 5],
                Gen.Int[0, 700]);
        gen.Sample(output, sample =>
        {
            // One unit is one second; the points lie on both sides of the epoch.
            (double[] values, long[] offsets, int fromUnit, int length, int aggregationIndex, int bucketUnits) = sample;
            Aggregation aggregation = (Aggregation)aggregationIndex;
            DateTimeOffset At(long unit) => Epoch.AddSeconds(unit);
            using TimeSeriesFixture fx = new();
            List<DataPoint> points = [.. values.Select((v, i) => new DataPoint("m", At(offsets[i]).AddTicks(i), v))];
            fx.Series.WriteAsync(points).AsTask().GetAwaiter().GetResult();
            DateTimeOffset from = At(fromUnit);
            DateTimeOffset to = At(fromUnit + length);
            TimeSpan? bucket = bucketUnits == 0 ? null : TimeSpan.FromSeconds(bucketUnits);

            IReadOnlyList<AggregateBucket> actual = fx.Series.AggregateAsync("m", from, to, aggregation, bucket).AsTask().GetAwaiter().GetResult();

            List<(DateTimeOffset Start, double[] Values)> expected = [.. points
                .Where(p => p.Timestamp >= from && p.Timestamp < to)
                .GroupBy(p => bucket is null ? from : Epoch.AddSeconds(Math.Floor((p.Timestamp - Epoch).TotalSeconds / bucket.Value.TotalSeconds) * bucket.Value.TotalSeconds))
                .OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Select(p => p.Value).ToArray()))];
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Start, actual[i].Start);
                Assert.Equal(expected[i].Values.Length, actual[i].Count);
                double model = Model(aggregation, expected[i].Values);
                Assert.True(
                    Math.Abs(model - actual[i].Value) <= 1e-9 * Math.Max(1, Math.Abs(model)) + 1e-6,
                    $"{aggregation} of bucket {expected[i].Start:O}: model {model}, store {actual[i].Value}");
            }
        }, iter: 150);
    }

    private static double Model(Aggregation aggregation, double[] values) => aggregation switch
    {
        Aggregation.Mean => values.Average(),
        Aggregation.Sum => values.Sum(),
        Aggregation.Min => values.Min(),
        Aggregation.Max => values.Max(),
        Aggregation.Count => values.Length,
        Aggregation.StdDev => Math.Sqrt(values.Select(v => (v - values.Average()) * (v - values.Average())).Sum() / values.Length),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
    };
}
