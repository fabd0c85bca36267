using Engine.Api.LocalFirst.TimeSeries;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

/// <summary>
/// Random writes (with replacements), range deletions, retention changes, clock moves, retention passes, reopens and
/// queries against a simple in-memory model: a dictionary keyed by (series, timestamp, tag set) with LINQ for the
/// reads. Every read, filtered or not, must agree with the model exactly.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class TimeSeriesModelTests(ITestOutputHelper output)
{
    private static readonly string[] s_series = ["cpu", "mem", "cpu\0x"];
    private static readonly string[] s_hosts = ["a", "b", "c"];

    [Fact]
    public void RandomOperations_AgreeWithTheModel() => TestSeed.Run(output, nameof(RandomOperations_AgreeWithTheModel), 8, RunOne);

    private static void RunOne(int seed)
    {
        Random random = new(seed);
        using TimeSeriesFixture fx = new(TimeSeriesFixture.Epoch.AddHours(2));
        Dictionary<(string Series, long Ticks, string Tags), (double Value, Dictionary<string, string> Tags)> model = [];
        Dictionary<string, TimeSpan> retention = [];
        for (int step = 0; step < 300; step++)
        {
            string series = s_series[random.Next(s_series.Length)];
            switch (random.Next(100))
            {
                case < 40:
                    List<DataPoint> points = [.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => RandomPoint(random, series))];
                    fx.Series.WriteAsync(points).AsTask().GetAwaiter().GetResult();
                    foreach (DataPoint point in points)
                    {
                        model[(series, point.Timestamp.UtcTicks, Canonical(point.Tags!))] = (point.Value, new Dictionary<string, string>(point.Tags!));
                    }

                    break;
                case < 50:
                    (DateTimeOffset from, DateTimeOffset to) = RandomRange(random);
                    long deleted = fx.Series.DeleteRangeAsync(series, from, to).AsTask().GetAwaiter().GetResult();
                    var gone = model.Where(e => e.Key.Series == series && e.Key.Ticks >= from.UtcTicks && e.Key.Ticks < to.UtcTicks).Select(e => e.Key).ToList();
                    Assert.Equal(gone.Count(k => Visible(fx, retention, k.Series, k.Ticks)), deleted);
                    gone.ForEach(k => model.Remove(k));
                    break;
                case < 55:
                    TimeSpan? span = random.Next(3) == 0 ? null : TimeSpan.FromMinutes(random.Next(1, 300));
                    fx.Series.SetRetentionAsync(series, span).AsTask().GetAwaiter().GetResult();
                    if (span is null)
                    {
                        retention.Remove(series);
                    }
                    else
                    {
                        retention[series] = span.Value;
                    }

                    break;
                case < 60:
                    fx.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 30)));
                    break;
                case < 63:
                    long removed = fx.Series.ApplyRetentionAsync().AsTask().GetAwaiter().GetResult();
                    var expired = model.Keys.Where(k => !Visible(fx, retention, k.Series, k.Ticks)).ToList();
                    Assert.Equal(expired.Count, removed);
                    expired.ForEach(k => model.Remove(k));
                    break;
                case < 65:
                    fx.Reopen();
                    break;
                default:
                    CheckQuery(fx, random, model, retention, series);
                    break;
            }
        }

        foreach (string series in s_series)
        {
            CheckQuery(fx, random, model, retention, series, everything: true);
        }
    }

    private static void CheckQuery(
        TimeSeriesFixture fx,
        Random random,
        Dictionary<(string Series, long Ticks, string Tags), (double Value, Dictionary<string, string> Tags)> model,
        Dictionary<string, TimeSpan> retention,
        string series,
        bool everything = false)
    {
        (DateTimeOffset from, DateTimeOffset to) = everything ? (DateTimeOffset.MinValue, DateTimeOffset.MaxValue) : RandomRange(random);
        Dictionary<string, string>? filter = random.Next(3) switch
        {
            0 => null,
            1 => new() { ["host"] = s_hosts[random.Next(s_hosts.Length)] },
            _ => new() { ["host"] = s_hosts[random.Next(s_hosts.Length)], ["slow"] = "yes" },
        };
        var expected = model
            .Where(e => e.Key.Series == series && e.Key.Ticks >= from.UtcTicks && e.Key.Ticks < to.UtcTicks && Visible(fx, retention, series, e.Key.Ticks))
            .Where(e => filter is null || filter.All(f => e.Value.Tags.TryGetValue(f.Key, out string? v) && v == f.Value))
            .OrderBy(e => e.Key.Ticks)
            .ThenBy(e => TagSet.Create(e.Value.Tags, "tags").Id)
            .Select(e => (e.Key.Ticks, e.Value.Value, e.Key.Tags))
            .ToList();

        List<DataPoint> actual = fx.QueryAsync(series, from, to, filter).GetAwaiter().GetResult();

        Assert.Equal(expected, actual.Select(p => (p.Timestamp.UtcTicks, p.Value, Canonical(p.Tags!))));
        long count = fx.Series.AggregateAsync(series, from, to, Aggregation.Count, tags: filter).AsTask().GetAwaiter().GetResult().Sum(b => b.Count);
        Assert.Equal(expected.Count, count);
    }

    private static bool Visible(TimeSeriesFixture fx, Dictionary<string, TimeSpan> retention, string series, long ticks) =>
        !retention.TryGetValue(series, out TimeSpan span) || ticks >= (fx.Clock.GetUtcNow() - span).UtcTicks;

    private static DataPoint RandomPoint(Random random, string series)
    {
        Dictionary<string, string> tags = [];
        if (random.Next(4) != 0)
        {
            tags["host"] = s_hosts[random.Next(s_hosts.Length)];
        }

        if (random.Next(3) == 0)
        {
            tags["slow"] = "yes";
        }

        // Minutes around the epoch, so that pre-1970 instants, duplicates and retention all come up.
        DateTimeOffset at = TimeSeriesFixture.Epoch.AddMinutes(random.Next(-200, 400));
        return new DataPoint(series, at, Math.Round((random.NextDouble() * 200) - 100, 3), tags);
    }

    private static (DateTimeOffset From, DateTimeOffset To) RandomRange(Random random)
    {
        int from = random.Next(-250, 450);
        return (TimeSeriesFixture.Epoch.AddMinutes(from), TimeSeriesFixture.Epoch.AddMinutes(from + random.Next(0, 300)));
    }

    private static string Canonical(IReadOnlyDictionary<string, string> tags) =>
        string.Join(";", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
}
