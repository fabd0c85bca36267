using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.TimeSeries;
using static Engine.Tests.Api.LocalFirst.TimeSeries.TimeSeriesFixture;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

[Trait("Category", "Unit")]
public sealed class TimeSeriesStoreTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_ThenQueryAsync_ReturnsThePointsInTimeOrder_WithTheirTags()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync(
        [
            new DataPoint("cpu", s_t0.AddSeconds(3), 3.5, Tags("host", "a")),
            new DataPoint("cpu", s_t0.AddSeconds(1), 1.5),
            new DataPoint("cpu", s_t0.AddSeconds(2), -2.25, Tags("host", "b", "dc", "eu")),
        ]);

        List<DataPoint> points = await fx.QueryAsync("cpu", s_t0, s_t0.AddMinutes(1));

        Assert.Equal([s_t0.AddSeconds(1), s_t0.AddSeconds(2), s_t0.AddSeconds(3)], points.Select(p => p.Timestamp));
        Assert.Equal([1.5, -2.25, 3.5], points.Select(p => p.Value));
        Assert.All(points, p => Assert.Equal("cpu", p.Series));
        Assert.Empty(points[0].Tags!);
        Assert.Equal(Tags("host", "b", "dc", "eu"), points[1].Tags!.OrderBy(t => t.Key).ToDictionary());
        Assert.Equal("a", points[2].Tags!["host"]);
    }

    [Fact]
    public async Task QueryAsync_RangeIsHalfOpen_ToTheTick()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset from = s_t0;
        DateTimeOffset to = s_t0.AddHours(1);
        await fx.Series.WriteAsync(
        [
            new DataPoint("s", from.AddTicks(-1), 0),
            new DataPoint("s", from, 1),
            new DataPoint("s", to.AddTicks(-1), 2),
            new DataPoint("s", to, 3),
        ]);

        Assert.Equal([1.0, 2.0], (await fx.QueryAsync("s", from, to)).Select(p => p.Value));
        Assert.Empty(await fx.QueryAsync("s", from, from));
        Assert.Equal([0.0], (await fx.QueryAsync("s", from.AddTicks(-1), from)).Select(p => p.Value));
        Assert.Equal([3.0], (await fx.QueryAsync("s", to, to.AddTicks(1))).Select(p => p.Value));
    }

    [Fact]
    public async Task TimestampsBefore1970_SortFirst_AndRoundTrip()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset[] instants =
        [
            DateTimeOffset.MinValue,
            new(1900, 6, 1, 0, 0, 0, TimeSpan.Zero),
            Epoch.AddTicks(-1),
            Epoch,
            Epoch.AddTicks(1),
            new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero),
            DateTimeOffset.MaxValue.AddTicks(-1),
        ];
        await fx.Series.WriteAsync([.. instants.Reverse().Select((t, i) => new DataPoint("old", t, i))]);

        List<DataPoint> all = await fx.QueryAsync("old", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(instants, all.Select(p => p.Timestamp));

        List<DataPoint> around = await fx.QueryAsync("old", new DateTimeOffset(1950, 1, 1, 0, 0, 0, TimeSpan.Zero), Epoch.AddTicks(1));
        Assert.Equal([Epoch.AddTicks(-1), Epoch], around.Select(p => p.Timestamp));
    }

    [Fact]
    public async Task Timestamps_AreReadBackInUtc_AtTickResolution()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset local = new(2026, 3, 1, 10, 0, 0, 123, TimeSpan.FromHours(5));
        local = local.AddTicks(4567);
        await fx.Series.WriteAsync([new DataPoint("tz", local, 1)]);

        DataPoint point = Assert.Single(await fx.QueryAsync("tz", local, local.AddTicks(1)));
        Assert.Equal(TimeSpan.Zero, point.Timestamp.Offset);
        Assert.Equal(local.UtcTicks, point.Timestamp.UtcTicks);
    }

    [Fact]
    public async Task APointWithTheSameSeriesTimestampAndTags_ReplacesTheStoredOne_OtherTagsAreKept()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([new DataPoint("m", s_t0, 1, Tags("a", "1", "b", "2")), new DataPoint("m", s_t0, 10, Tags("a", "1"))]);
        await fx.Series.WriteAsync([new DataPoint("m", s_t0, 2, Tags("b", "2", "a", "1"))]);
        await fx.Series.WriteAsync([new DataPoint("m", s_t0, 3), new DataPoint("m", s_t0, 4)]);

        List<DataPoint> points = await fx.QueryAsync("m", s_t0, s_t0.AddTicks(1));

        Assert.Equal([2.0, 4.0, 10.0], points.Select(p => p.Value).Order());
        Assert.Single(await fx.QueryAsync("m", s_t0, s_t0.AddTicks(1), Tags("b", "2")));
        Assert.Equal(2, fx.RawKeys(Keyspaces.TimeSeriesTag).Count(k => k.AsSpan().IndexOf("\u0002a\u0000\u00021\u0000"u8) >= 0));
    }

    [Fact]
    public async Task SeriesAreIsolated_EvenWhenOneNameIsAPrefixOfAnother()
    {
        using TimeSeriesFixture fx = new();
        string[] names = ["a", "ab", "a\0b", "a\0", "b"];
        await fx.Series.WriteAsync([.. names.Select((name, i) => new DataPoint(name, s_t0.AddSeconds(i), i, Tags("k", name)))]);

        for (int i = 0; i < names.Length; i++)
        {
            DataPoint point = Assert.Single(await fx.QueryAsync(names[i], DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
            Assert.Equal(i, point.Value);
            Assert.Single(await fx.QueryAsync(names[i], DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Tags("k", names[i])));
        }
    }

    [Fact]
    public async Task QueryAsync_WithTags_ReturnsThePointsCarryingEveryTag()
    {
        using TimeSeriesFixture fx = new();
        List<DataPoint> written = [];
        for (int i = 0; i < 60; i++)
        {
            written.Add(new DataPoint("req", s_t0.AddSeconds(i), i, Tags("host", $"h{i % 3}", "code", i % 4 == 0 ? "500" : "200")));
        }

        written.Add(new DataPoint("req", s_t0.AddSeconds(7), -1));
        await fx.Series.WriteAsync(written);

        List<DataPoint> h1 = await fx.QueryAsync("req", s_t0, s_t0.AddMinutes(1), Tags("host", "h1"));
        Assert.Equal(written.Where(p => p.Tags?.GetValueOrDefault("host") == "h1").Select(p => p.Value), h1.Select(p => p.Value));

        List<DataPoint> both = await fx.QueryAsync("req", s_t0.AddSeconds(10), s_t0.AddSeconds(50), Tags("host", "h2", "code", "500"));
        Assert.Equal(
            written.Where(p => p.Timestamp >= s_t0.AddSeconds(10) && p.Timestamp < s_t0.AddSeconds(50) && p.Tags?.GetValueOrDefault("host") == "h2" && p.Tags?.GetValueOrDefault("code") == "500").Select(p => p.Value),
            both.Select(p => p.Value));
        Assert.NotEmpty(both);
        Assert.Empty(await fx.QueryAsync("req", s_t0, s_t0.AddMinutes(1), Tags("host", "h9")));
        Assert.Empty(await fx.QueryAsync("req", s_t0, s_t0.AddMinutes(1), Tags("host", "h1", "zone", "x")));
    }

    [Fact]
    public async Task ATagFilteredQuery_SkipsAnIndexEntryWhosePointIsAbsent()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([new DataPoint("s", s_t0, 1, Tags("k", "v")), new DataPoint("s", s_t0.AddSeconds(1), 2, Tags("k", "v"))]);
        byte[] firstPoint = fx.RawKeys(Keyspaces.TimeSeries)[0];
        fx.Store.Database.Delete(firstPoint);

        DataPoint point = Assert.Single(await fx.QueryAsync("s", s_t0, s_t0.AddMinutes(1), Tags("k", "v")));
        Assert.Equal(2, point.Value);
    }

    [Fact]
    public async Task WriteAsync_ThenReopen_KeepsEveryPoint()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 500).Select(i => new DataPoint("r", s_t0.AddMinutes(i), i, Tags("even", (i % 2 == 0).ToString())))]);
        fx.Store.Database.Flush();
        fx.Reopen();

        Assert.Equal(500, (await fx.QueryAsync("r", s_t0, s_t0.AddDays(1))).Count);
        Assert.Equal(250, (await fx.QueryAsync("r", s_t0, s_t0.AddDays(1), Tags("even", "True"))).Count);
    }

    [Fact]
    public async Task WriteAsync_OfAnEmptyList_WritesNothing()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([]);
        Assert.Empty(fx.RawKeys(Keyspaces.TimeSeries));
    }

    [Fact]
    public async Task BadArguments_AreRejected_BeforeAnythingIsWritten()
    {
        using TimeSeriesFixture fx = new();
        TimeSeriesStore ts = fx.Series;
        DataPoint good = new("s", s_t0, 1);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await ts.WriteAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ts.WriteAsync([good, null!]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ts.WriteAsync([good, new DataPoint(null!, s_t0, 1)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ts.WriteAsync([good, new DataPoint("", s_t0, 1)]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ts.WriteAsync([good, new DataPoint("s", s_t0, 1, Tags("", "v"))]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ts.WriteAsync([good, new DataPoint("s", s_t0, 1, new Dictionary<string, string> { ["k"] = null! })]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ts.WriteAsync([good, new DataPoint("s\uD800", s_t0, 1)]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ts.WriteAsync([good, new DataPoint("s", s_t0, 1, Tags("k", "\uDC00"))]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ts.WriteAsync([good, new DataPoint(new string('x', 70_000), s_t0, 1)]));
        Assert.Empty(fx.RawKeys(Keyspaces.TimeSeries));

        Assert.Throws<ArgumentOutOfRangeException>(() => ts.QueryAsync("s", s_t0, s_t0.AddTicks(-1)));
        Assert.ThrowsAny<ArgumentException>(() => ts.QueryAsync("", s_t0, s_t0));
        Assert.Throws<ArgumentException>(() => ts.QueryAsync("s", s_t0, s_t0, Tags("", "x")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ts.AggregateAsync("s", s_t0, s_t0.AddDays(1), (Aggregation)99));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ts.AggregateAsync("s", s_t0, s_t0.AddDays(1), Aggregation.Sum, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ts.DeleteRangeAsync("s", s_t0, s_t0.AddTicks(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ts.SetRetentionAsync("s", TimeSpan.FromTicks(-1)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ts.GetRetentionAsync(null!));
    }

    [Fact]
    public async Task EveryMember_ThrowsObjectDisposed_AfterTheStoreIsDisposed()
    {
        TimeSeriesFixture fx = new();
        TimeSeriesStore ts = fx.Series;
        fx.Dispose();

        Assert.Throws<ObjectDisposedException>(() => fx.Store.TimeSeries);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await ts.WriteAsync([new DataPoint("s", s_t0, 1)]));
        Assert.Throws<ObjectDisposedException>(() => ts.QueryAsync("s", s_t0, s_t0.AddDays(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await ts.AggregateAsync("s", s_t0, s_t0.AddDays(1), Aggregation.Count));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await ts.DeleteRangeAsync("s", s_t0, s_t0.AddDays(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await ts.SetRetentionAsync("s", TimeSpan.FromDays(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await ts.ApplyRetentionAsync());
    }

    [Fact]
    public async Task ACancelledToken_StopsAQuery_AndAWriteBeforeItHappens()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([new DataPoint("s", s_t0, 1), new DataPoint("s", s_t0.AddSeconds(1), 2)]);
        using CancellationTokenSource cts = new();

        await using IAsyncEnumerator<DataPoint> it = fx.Series.QueryAsync("s", s_t0, s_t0.AddDays(1), cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await it.MoveNextAsync());
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await it.MoveNextAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await fx.Series.WriteAsync([new DataPoint("s", s_t0.AddSeconds(2), 3)], cts.Token));
        Assert.Equal(2, (await fx.QueryAsync("s", s_t0, s_t0.AddDays(1))).Count);
    }

    [Fact]
    public async Task ADamagedPointRecord_IsACorruptionNamingTheKey()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([new DataPoint("s", s_t0, 1, Tags("k", "v"))]);
        byte[] key = fx.RawKeys(Keyspaces.TimeSeries)[0];
        fx.Store.Database.Put(key, [2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        CorruptionException error = await Assert.ThrowsAsync<CorruptionException>(() => fx.QueryAsync("s", s_t0, s_t0.AddDays(1)));
        Assert.Equal(key, error.Key);
        fx.Store.Database.Put(key, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9]);
        error = await Assert.ThrowsAsync<CorruptionException>(() => fx.QueryAsync("s", s_t0, s_t0.AddDays(1)));
        Assert.Equal(key, error.Key);
        fx.Store.Database.Put([.. key, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        await Assert.ThrowsAsync<CorruptionException>(async () => await fx.Series.AggregateAsync("s", s_t0, s_t0.AddDays(1), Aggregation.Count));
    }

    [Fact]
    public async Task DeleteRangeAsync_ReturnsTheCount_AndRemovesThePointsAndTheirIndexEntries()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 100).Select(i => new DataPoint("d", s_t0.AddSeconds(i), i, Tags("host", $"h{i % 4}", "odd", (i % 2).ToString())))]);
        await fx.Series.WriteAsync([new DataPoint("other", s_t0.AddSeconds(5), 5, Tags("host", "h1"))]);
        int tagEntriesBefore = fx.RawKeys(Keyspaces.TimeSeriesTag).Count;

        long deleted = await fx.Series.DeleteRangeAsync("d", s_t0.AddSeconds(10), s_t0.AddSeconds(30));

        Assert.Equal(20, deleted);
        List<DataPoint> left = await fx.QueryAsync("d", s_t0, s_t0.AddMinutes(5));
        Assert.Equal([.. Enumerable.Range(0, 10), .. Enumerable.Range(30, 70)], left.Select(p => (int)p.Value));
        Assert.Equal(tagEntriesBefore - (20 * 2), fx.RawKeys(Keyspaces.TimeSeriesTag).Count);
        Assert.DoesNotContain(await fx.QueryAsync("d", s_t0, s_t0.AddMinutes(5), Tags("host", "h1")), p => p.Value is >= 10 and < 30);
        Assert.Single(await fx.QueryAsync("other", s_t0, s_t0.AddMinutes(5), Tags("host", "h1")));
        Assert.Equal(0, await fx.Series.DeleteRangeAsync("d", s_t0.AddSeconds(10), s_t0.AddSeconds(30)));
        Assert.Equal(0, await fx.Series.DeleteRangeAsync("d", s_t0, s_t0));
        Assert.Equal(80, await fx.Series.DeleteRangeAsync("d", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Empty(await fx.QueryAsync("d", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task DeleteRangeAsync_WritesOneRangeTombstoneForThePoints_PlusOnePerTagPair()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 1000).Select(i => new DataPoint("d", s_t0.AddSeconds(i), i, Tags("host", $"h{i % 3}")))]);
        long before = fx.Store.Database.GetMetrics().WalBytesWritten;

        Assert.Equal(1000, await fx.Series.DeleteRangeAsync("d", s_t0.AddSeconds(-5), s_t0.AddHours(1)));

        // Four range tombstones of two ~30-byte bounds each, not 4,000 point deletions of ~30 bytes each.
        long logged = fx.Store.Database.GetMetrics().WalBytesWritten - before;
        Assert.InRange(logged, 1, 1024);
        Assert.Empty(await fx.QueryAsync("d", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task DeleteRangeAsync_OfPointsBefore1970_Works()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.WriteAsync([.. Enumerable.Range(-50, 100).Select(i => new DataPoint("p", Epoch.AddDays(i), i))]);

        Assert.Equal(25, await fx.Series.DeleteRangeAsync("p", Epoch.AddDays(-30), Epoch.AddDays(-5)));
        Assert.Equal(75, (await fx.QueryAsync("p", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
        Assert.Empty(await fx.QueryAsync("p", Epoch.AddDays(-30), Epoch.AddDays(-5)));
    }
}
