using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Engine.Bench.Kv;

namespace Engine.Bench.Local;

/// <summary>
/// The document workload: <see cref="LocalSizes.Documents"/> documents <c>{name, age, city, score}</c>, then the query
/// "city == X, by descending score, first 10" timed without an index (a full scan) and again with an index on city.
/// </summary>
internal sealed partial class LocalWorkloads
{
    private async Task<List<Measured>> DocumentsAsync(ILocalTarget target)
    {
        await target.InsertDocumentsAsync(Documents()).ConfigureAwait(false);
        target.Settle();
        (double scanSeconds, double scanP50) = await QueriesAsync(target, _sizes.ScanQueries).ConfigureAwait(false);
        await target.CreateCityIndexAsync().ConfigureAwait(false);
        target.Settle();
        (double indexedSeconds, double indexedP50) = await QueriesAsync(target, _sizes.IndexedQueries).ConfigureAwait(false);
        return
        [
            Measured.Rate("scan_queries_per_s", "query without index (queries/s)", _sizes.ScanQueries, scanSeconds),
            Measured.MedianMs("scan", "query without index", scanP50),
            Measured.Rate("indexed_queries_per_s", "query with index (queries/s)", _sizes.IndexedQueries, indexedSeconds),
            Measured.MedianMs("indexed", "query with index", indexedP50),
        ];
    }

    /// <summary>Runs <paramref name="count"/> queries over the cities in turn; their total seconds and median microseconds.</summary>
    private async Task<(double Seconds, double P50)> QueriesAsync(ILocalTarget target, int count)
    {
        LatencyRecorder latencies = new((ulong)count);
        long ticks = 0;
        for (int q = 0; q < count; q++)
        {
            string city = City(q % _sizes.Cities);
            long start = Stopwatch.GetTimestamp();
            int returned = await target.QueryByCityAsync(city).ConfigureAwait(false);
            ticks += Stopwatch.GetTimestamp() - start;
            latencies.RecordSince(start);
            Check(target.Name, $"documents of {city}", LocalSizes.QueryLimit, returned);
        }

        return (ticks / (double)Stopwatch.Frequency, latencies.Percentiles().P50);
    }

    /// <summary>The documents, made as they are stored (the same for both backends): cities in turn, random age and score.</summary>
    private IEnumerable<(string Id, JsonObject Document)> Documents()
    {
        SplitMix64 rng = new(3);
        for (int i = 0; i < _sizes.Documents; i++)
        {
            JsonObject document = new()
            {
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"user {i}"),
                ["age"] = 18 + (int)(rng.Next() % 60),
                ["city"] = City(i % _sizes.Cities),
                ["score"] = (rng.Next() % 1_000_000) / 100.0,
            };
            yield return (string.Create(CultureInfo.InvariantCulture, $"doc{i:D8}"), document);
        }
    }

    private static string City(int index) => string.Create(CultureInfo.InvariantCulture, $"city-{index:D2}");
}
