using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static Engine.Tests.Api.LocalFirst.TimeSeries.TimeSeriesFixture;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

/// <summary>
/// Crashes inside a time-series write of 12,000 points (larger than the write buffer, so the memtable rotates and
/// flushes inside it) and inside a range deletion, on the crash-simulating file system, before every file operation,
/// keeping only durable state (a machine crash) or everything written (a process crash). The oracle: the store opens;
/// the acknowledged points are all there; the crashed write is whole or absent, points and tag index alike; the crashed
/// deletion removed all of its range or none of it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TimeSeriesCrashTests
{
    private const string Path = "/ts-crash";
    private const int Acknowledged = 500;
    private const int Crashed = 12_000;

    private static readonly DateTimeOffset s_t0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly LocalStoreOptions s_options = new()
    {
        Durability = Durability.Synced,
        Clock = new FakeTimeProvider(s_t0),
        Database = new DatabaseOptions { WriteBufferSizeBytes = 256 << 10, MaxImmutableMemtables = 1 },
    };

    [Fact]
    public async Task ACrashInsideAWrite_KeepsTheAcknowledgedPoints_AndTheCrashedWriteWholeOrAbsent()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        using (LocalStore store = LocalStore.Open(fs, Path, s_options))
        {
            await store.TimeSeries.WriteAsync(Points(0, Acknowledged));
            fs.BeforeOperation = (_, _) => crashes.Add((mem.CrashClone(), mem.CrashClone(CrashOptions.KeepAll)));
            await store.TimeSeries.WriteAsync(Points(Acknowledged, Crashed));
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 3, $"only {crashes.Count} file operations inside the write");
        int whole = 0;
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem clone in new[] { machine, process })
            {
                using LocalStore store = LocalStore.Open(clone, Path, s_options);
                int count = await CountAsync(store, null);
                Assert.True(count == Acknowledged || count == Acknowledged + Crashed, $"{count} points after the crash");
                Assert.Equal(count / 2, await CountAsync(store, Tags("parity", "even")));
                Assert.Equal(count / 7 + (count % 7 > 0 ? 1 : 0), await CountAsync(store, Tags("seventh", "yes")));
                whole += count == Acknowledged + Crashed ? 1 : 0;
            }
        }

        // The last clone before the write returns is taken after its log record is synced: it holds the whole write.
        Assert.True(whole > 0, "no crash point kept the write");
    }

    [Fact]
    public async Task ACrashInsideARangeDeletion_RemovesAllOfTheRangeOrNone()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<MemFileSystem> crashes = [];
        using (LocalStore store = LocalStore.Open(fs, Path, s_options))
        {
            await store.TimeSeries.WriteAsync(Points(0, 2_000));
            fs.BeforeOperation = (_, _) => crashes.Add(mem.CrashClone());
            Assert.Equal(1_000, await store.TimeSeries.DeleteRangeAsync("crash", s_t0.AddSeconds(500), s_t0.AddSeconds(1_500)));
            fs.BeforeOperation = null;
        }

        Assert.NotEmpty(crashes);
        foreach (MemFileSystem clone in crashes)
        {
            using LocalStore store = LocalStore.Open(clone, Path, s_options);
            int count = await CountAsync(store, null);
            Assert.True(count is 2_000 or 1_000, $"{count} points after the crash");
            Assert.Equal(count / 2, await CountAsync(store, Tags("parity", "even")));
        }
    }

    private static List<DataPoint> Points(int start, int count)
    {
        Dictionary<string, string> even = Tags("parity", "even");
        Dictionary<string, string> odd = Tags("parity", "odd");
        Dictionary<string, string> evenSeventh = Tags("parity", "even", "seventh", "yes");
        Dictionary<string, string> oddSeventh = Tags("parity", "odd", "seventh", "yes");
        return [.. Enumerable.Range(start, count).Select(i => new DataPoint(
            "crash",
            s_t0.AddSeconds(i),
            i * 0.5,
            (i % 2, i % 7) switch { (0, 0) => evenSeventh, (0, _) => even, (_, 0) => oddSeventh, _ => odd }))];
    }

    private static async Task<int> CountAsync(LocalStore store, IReadOnlyDictionary<string, string>? tags)
    {
        int count = 0;
        await foreach (DataPoint point in store.TimeSeries.QueryAsync("crash", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, tags))
        {
            count++;
        }

        return count;
    }
}
