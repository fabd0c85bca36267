using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.TimeSeries;
using static Engine.Tests.Api.LocalFirst.TimeSeries.TimeSeriesFixture;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

[Trait("Category", "Unit")]
public sealed class TimeSeriesRetentionTests
{
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task SetRetentionAsync_HidesOlderPointsAtOnce_AndApplyRetentionAsync_RemovesThem()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset now = fx.Clock.GetUtcNow();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 10).Select(i => new DataPoint("r", now.AddMinutes(-30 * i), i, Tags("k", "v")))]);
        await fx.Series.WriteAsync([new DataPoint("kept", now.AddDays(-100), 1)]);

        await fx.Series.SetRetentionAsync("r", 2 * s_hour);

        // Ages 0, 30, 60, 90 minutes are younger than two hours; 120 minutes is exactly at the cutoff and stays.
        Assert.Equal([4.0, 3, 2, 1, 0], (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Select(p => p.Value));
        Assert.Equal(5, (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Tags("k", "v"))).Count);
        Assert.Equal(5, Assert.Single(await fx.Series.AggregateAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Aggregation.Count)).Value);
        Assert.Equal(10, fx.RawKeys(Keyspaces.TimeSeries).Count(k => k.AsSpan().StartsWith(TimeSeriesKeys.SeriesPrefix("r"))));

        Assert.Equal(5, await fx.Series.ApplyRetentionAsync());

        Assert.Equal(5 + 1, fx.RawKeys(Keyspaces.TimeSeries).Count);
        Assert.Equal(5, fx.RawKeys(Keyspaces.TimeSeriesTag).Count);
        Assert.Single(await fx.QueryAsync("kept", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(0, await fx.Series.ApplyRetentionAsync());
    }

    [Fact]
    public async Task AsTheClockAdvances_MorePointsExpire()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset now = fx.Clock.GetUtcNow();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 6).Select(i => new DataPoint("r", now.AddHours(i), i))]);
        await fx.Series.SetRetentionAsync("r", s_hour);

        Assert.Equal(6, (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
        fx.Clock.Advance(TimeSpan.FromHours(3.5));
        Assert.Equal([3.0, 4, 5], (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Select(p => p.Value));
        Assert.Equal(3, await fx.Series.ApplyRetentionAsync());
        fx.Clock.Advance(s_hour);
        Assert.Equal(1, await fx.Series.ApplyRetentionAsync());
        Assert.Equal([4.0, 5], (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Select(p => p.Value));
    }

    [Fact]
    public async Task RemovingTheRetention_ShowsAgainThePointsNotYetRemoved()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset now = fx.Clock.GetUtcNow();
        await fx.Series.WriteAsync([new DataPoint("r", now.AddDays(-2), 1), new DataPoint("r", now, 2)]);
        await fx.Series.SetRetentionAsync("r", s_hour);
        Assert.Equal(s_hour, await fx.Series.GetRetentionAsync("r"));
        Assert.Single(await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

        await fx.Series.SetRetentionAsync("r", null);

        Assert.Null(await fx.Series.GetRetentionAsync("r"));
        Assert.Equal(2, (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
        Assert.Equal(0, await fx.Series.ApplyRetentionAsync());
    }

    [Fact]
    public async Task DeleteRangeAsync_DoesNotCountPointsRetentionHides_ButDeletesThem()
    {
        using TimeSeriesFixture fx = new();
        DateTimeOffset now = fx.Clock.GetUtcNow();
        await fx.Series.WriteAsync([.. Enumerable.Range(0, 10).Select(i => new DataPoint("r", now.AddHours(-i), i))]);
        await fx.Series.SetRetentionAsync("r", TimeSpan.FromHours(4.5));

        Assert.Equal(5, await fx.Series.DeleteRangeAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Empty(fx.RawKeys(Keyspaces.TimeSeries));
    }

    [Fact]
    public async Task Retention_WorksWithAClockBefore1970_AndAHugeRetentionHidesNothing()
    {
        using TimeSeriesFixture fx = new(new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero));
        DateTimeOffset now = fx.Clock.GetUtcNow();
        await fx.Series.WriteAsync([new DataPoint("r", now.AddDays(-10), 1), new DataPoint("r", now.AddDays(-1), 2), new DataPoint("r", DateTimeOffset.MinValue, 0)]);

        await fx.Series.SetRetentionAsync("r", TimeSpan.MaxValue);
        Assert.Equal(3, (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
        Assert.Equal(0, await fx.Series.ApplyRetentionAsync());

        await fx.Series.SetRetentionAsync("r", TimeSpan.FromDays(5));
        Assert.Equal([2.0], (await fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Select(p => p.Value));
        Assert.Equal(2, await fx.Series.ApplyRetentionAsync());
    }

    [Fact]
    public async Task Retention_SurvivesAReopen()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.SetRetentionAsync("r", TimeSpan.FromDays(7));
        fx.Reopen();
        Assert.Equal(TimeSpan.FromDays(7), await fx.Series.GetRetentionAsync("r"));
    }

    [Fact]
    public async Task ADamagedSeriesRecord_IsACorruptionNamingTheKey()
    {
        using TimeSeriesFixture fx = new();
        await fx.Series.SetRetentionAsync("r", s_hour);
        byte[] key = fx.RawKeys(Keyspaces.TimeSeriesMeta)[0];
        fx.Store.Database.Put(key, [0xC1]);

        CorruptionException error = await Assert.ThrowsAsync<CorruptionException>(async () => await fx.Series.GetRetentionAsync("r"));
        Assert.Equal(key, error.Key);
        await Assert.ThrowsAsync<CorruptionException>(async () => await fx.Series.ApplyRetentionAsync());
        await Assert.ThrowsAsync<CorruptionException>(() => fx.QueryAsync("r", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }
}
