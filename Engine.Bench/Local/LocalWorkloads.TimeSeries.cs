using System.Diagnostics;
using System.Globalization;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Bench.Kv;

namespace Engine.Bench.Local;

/// <summary>
/// The time-series workload: <see cref="LocalSizes.Points"/> points of one series spread evenly over three hours, each
/// with two tags (10 hosts, 3 regions), written in batches of 1,000; then the mean per one-minute bucket over one hour,
/// for hours starting ten minutes apart.
/// </summary>
internal sealed partial class LocalWorkloads
{
    private const string Series = "cpu";
    private const long SpanMs = 3 * 3600 * 1000;

    private static readonly DateTimeOffset s_origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<List<Measured>> TimeSeriesAsync(ILocalTarget target)
    {
        Dictionary<string, string>[] tagSets =
        [
            .. Enumerable.Range(0, 30).Select(t => new Dictionary<string, string>
            {
                ["host"] = string.Create(CultureInfo.InvariantCulture, $"host-{t % 10}"),
                ["region"] = string.Create(CultureInfo.InvariantCulture, $"region-{t / 10}"),
            }),
        ];
        List<DataPoint> batch = new(LocalSizes.BatchSize);
        long ticks = 0;
        for (int first = 0; first < _sizes.Points; first += LocalSizes.BatchSize)
        {
            batch.Clear();
            for (long i = first; i < first + LocalSizes.BatchSize; i++)
            {
                batch.Add(new DataPoint(Series, s_origin.AddMilliseconds(i * SpanMs / _sizes.Points), 50 + (10 * Math.Sin(i / 100.0)), tagSets[i % tagSets.Length]));
            }

            long start = Stopwatch.GetTimestamp();
            await target.WritePointsAsync(batch).ConfigureAwait(false);
            ticks += Stopwatch.GetTimestamp() - start;
        }

        target.Settle();
        LatencyRecorder aggregations = new((ulong)_sizes.Aggregations);
        for (int q = 0; q < _sizes.Aggregations; q++)
        {
            DateTimeOffset from = s_origin.AddMinutes(10 * q);
            long start = Stopwatch.GetTimestamp();
            int buckets = await target.AggregateMeanAsync(Series, from, from.AddHours(1), TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            aggregations.RecordSince(start);
            Check(target.Name, "one-minute buckets in an hour", 60, buckets);
        }

        return
        [
            Measured.Rate("ingest_points_per_s", "ingest in 1,000-point batches (points/s)", _sizes.Points, ticks / (double)Stopwatch.Frequency),
            Measured.MedianMs("aggregate", "mean per minute over 1 h", aggregations.Percentiles().P50),
        ];
    }
}
