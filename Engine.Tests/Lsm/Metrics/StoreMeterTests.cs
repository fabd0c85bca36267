using System.Diagnostics.Metrics;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Metrics;
using Engine.Lsm.Options;

using DatabaseMetrics = Engine.Api.DatabaseMetrics;

namespace Engine.Tests.Lsm.Metrics;

[Trait("Category", "Unit")]
public sealed class StoreMeterTests
{
    [Fact]
    public void Meter_PublishesTheStoresFigures_TaggedByDirectory()
    {
        string directory = "/meter-" + Guid.NewGuid().ToString("N");
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), directory, new LsmOptions { WriteBufferSizeBytes = 4 << 10, L0CompactionTrigger = 2 });
        for (int i = 0; i < 2000; i++)
        {
            db.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D6}"), new byte[30]);
        }

        db.CompactRange(null, null);
        _ = db.Get("key000001"u8);
        DatabaseMetrics expected = db.GetMetrics();

        Dictionary<string, double> totals = [];
        Dictionary<int, long> levelFiles = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StoreMeter.MeterName && instrument.Meter.Tags is { } tags && tags.Any(t => Equals(t.Value, directory)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "engine.lsm.level.files")
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "level")
                    {
                        levelFiles[(int)tag.Value!] = value;
                    }
                }
            }
            else
            {
                totals[instrument.Name] = value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(expected.FlushCount, totals["engine.lsm.flush.count"]);
        Assert.Equal(expected.CompactionCount, totals["engine.lsm.compaction.count"]);
        Assert.Equal(expected.WalBytesWritten, totals["engine.lsm.wal.bytes_written"]);
        Assert.Equal(expected.BloomChecks, totals["engine.lsm.bloom.checks"]);
        Assert.Equal(expected.WriteAmplification, totals["engine.lsm.write_amplification"], 6);
        Assert.Equal(7, levelFiles.Count);
        Assert.Equal(expected.FilesPerLevel.Sum(), levelFiles.Values.Sum());
        Assert.True(expected.CompactionCount > 0 && expected.FlushCount > 0);
    }

    [Fact]
    public void Metrics_AfterCompaction_CountPerLevelTrafficAndWriteAmplification()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", new LsmOptions { WriteBufferSizeBytes = 4 << 10, L0CompactionTrigger = 2 });
        for (int i = 0; i < 3000; i++)
        {
            db.Put(System.Text.Encoding.ASCII.GetBytes($"key{i % 500:D6}"), new byte[30]);
        }

        db.CompactRange(null, null);
        using Engine.Lsm.Iterators.DbIterator iterator = db.NewIterator(new IteratorOptions());
        DatabaseMetrics metrics = db.GetMetrics();

        Assert.Equal(1, metrics.LiveIterators);
        Assert.Equal(metrics.FlushBytesWritten, metrics.Levels[0].BytesWritten);
        Assert.Equal(metrics.CompactionBytesWritten, metrics.Levels.Skip(1).Sum(l => l.BytesWritten));
        Assert.Equal(metrics.CompactionBytesRead, metrics.Levels.Sum(l => l.BytesRead));
        double expectedWriteAmp = (double)(metrics.FlushBytesWritten + metrics.CompactionBytesWritten) / metrics.WalBytesWritten;
        Assert.Equal(expectedWriteAmp, metrics.WriteAmplification, 6);
        Assert.Equal(0, metrics.RunningCompactions);
        Assert.Equal(0, metrics.FilesPerLevel[0]);
        Assert.True(metrics.MemtableMemoryBytes >= 4 << 10);
    }
}
