using Engine.Lsm.Metrics;

using DatabaseMetrics = Engine.Api.DatabaseMetrics;

namespace Engine.Tests.Lsm.Metrics;

[Trait("Category", "Unit")]
public sealed class StoreStatsTests
{
    [Fact]
    public void Fill_AfterFlushesAndCompactions_ReportsTotalsAndWriteAmplification()
    {
        StoreStats stats = new();
        stats.RecordWalWrite(1000);
        stats.RecordFlush(600, TimeSpan.FromMilliseconds(5));
        stats.RecordFlush(0, TimeSpan.FromMilliseconds(1));
        stats.RecordCompactionIo(startLevel: 0, startBytes: 600, outputLevel: 6, outputInputBytes: 300, written: 900);
        stats.RecordCompaction(TimeSpan.FromMilliseconds(7));
        stats.RecordTrivialMove(5);
        stats.RecordCompaction(TimeSpan.FromMilliseconds(1));

        DatabaseMetrics metrics = stats.Fill(new DatabaseMetrics { OpenTables = 3 });

        Assert.Equal(3, metrics.OpenTables);
        Assert.Equal(1000, metrics.WalBytesWritten);
        Assert.Equal(2, metrics.FlushCount);
        Assert.Equal(600, metrics.FlushBytesWritten);
        Assert.Equal(6, metrics.FlushMilliseconds, precision: 3);
        Assert.Equal(2, metrics.CompactionCount);
        Assert.Equal(1, metrics.TrivialMoveCount);
        Assert.Equal(900, metrics.CompactionBytesRead);
        Assert.Equal(900, metrics.CompactionBytesWritten);
        Assert.Equal(8, metrics.CompactionMilliseconds, precision: 3);
        Assert.Equal(1.5, metrics.WriteAmplification, precision: 6);
    }

    [Fact]
    public void Level_AfterCompactions_CountsEachLevelsTraffic()
    {
        StoreStats stats = new();
        stats.RecordFlush(100, TimeSpan.Zero);
        stats.RecordCompactionIo(startLevel: 0, startBytes: 100, outputLevel: 5, outputInputBytes: 40, written: 130);
        stats.RecordTrivialMove(6);

        Assert.Equal(100, stats.Level(0).BytesWritten);
        Assert.Equal(100, stats.Level(0).BytesRead);
        Assert.Equal(40, stats.Level(5).BytesRead);
        Assert.Equal(130, stats.Level(5).BytesWritten);
        Assert.Equal(1, stats.Level(5).Compactions);
        Assert.Equal(1, stats.Level(6).TrivialMoves);
        Assert.Equal(0, stats.Level(6).Compactions);
    }

    [Fact]
    public void Fill_StallsSlowdownsErrorsAndTornTail_AreReported()
    {
        StoreStats stats = new();
        stats.RecordStall();
        stats.RecordStallTime(TimeSpan.FromMilliseconds(3));
        stats.RecordSlowdown();
        stats.RecordSlowdown();
        stats.RecordSlowdownTime(TimeSpan.FromMilliseconds(2));
        stats.RecordBackgroundError();
        stats.RecordTornTail(17);

        DatabaseMetrics metrics = stats.Fill(new DatabaseMetrics());

        Assert.Equal(1, metrics.StallCount);
        Assert.Equal(3, metrics.StallMilliseconds, precision: 3);
        Assert.Equal(2, metrics.SlowdownCount);
        Assert.Equal(2, metrics.SlowdownMilliseconds, precision: 3);
        Assert.Equal(1, metrics.BackgroundErrors);
        Assert.Equal(17, metrics.RecoveredTornTailBytes);
        Assert.Equal(0, metrics.WriteAmplification);
    }

    [Fact]
    public void NextCompactionJobId_ConcurrentCallers_AreDistinctFromOne()
    {
        StoreStats stats = new();
        long[] ids = new long[4000];
        Parallel.For(0, ids.Length, i => ids[i] = stats.NextCompactionJobId());

        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => (long)i), ids.Order());
    }
}
