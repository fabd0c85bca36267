using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading;
using Engine.Api;

namespace Engine.Lsm.Metrics;

/// <summary>
/// Publishes a store's <see cref="DatabaseMetrics"/> through <see cref="System.Diagnostics.Metrics"/>, on a
/// <see cref="Meter"/> named <see cref="MeterName"/>, so that <c>dotnet-counters</c> and OpenTelemetry can read them.
/// </summary>
/// <remarks>
/// <para>
/// Every instrument is observable: nothing is recorded on the hot paths; a collection calls back, and one metrics
/// snapshot (taken at most every 100 ms) answers every instrument of that collection.
/// Each store has its own meter instance, tagged with its directory (<c>engine.store.directory</c>); per-level
/// figures carry a <c>level</c> tag. Counters run from the open.
/// </para>
/// <para>Thread-safe: collections may run on any thread; the snapshot is swapped under a lock.</para>
/// </remarks>
internal sealed class StoreMeter : IDisposable
{
    /// <summary>The name every store's meter has.</summary>
    public const string MeterName = "Engine.Lsm";

    private static readonly TimeSpan s_snapshotLifetime = TimeSpan.FromMilliseconds(100);

    private readonly Meter _meter;
    private readonly Func<DatabaseMetrics> _source;
    private readonly Lock _lock = new();
    private DatabaseMetrics? _snapshot;
    private long _snapshotTime;

    public StoreMeter(string directory, Func<DatabaseMetrics> source)
    {
        _source = source;
        _meter = new Meter(new MeterOptions(MeterName) { Tags = [new("engine.store.directory", directory)] });
        Counter("engine.lsm.wal.bytes_written", "By", "Bytes written to write-ahead logs.", m => m.WalBytesWritten);
        Counter("engine.lsm.flush.count", "{flush}", "Memtables flushed.", m => m.FlushCount);
        Counter("engine.lsm.flush.bytes_written", "By", "Bytes of tables written by flushes.", m => m.FlushBytesWritten);
        Counter("engine.lsm.ingest.count", "{ingest}", "Sorted runs ingested straight into tables.", m => m.IngestCount);
        Counter("engine.lsm.ingest.bytes_written", "By", "Bytes of tables written by ingests.", m => m.IngestedBytes);
        Counter("engine.lsm.compaction.count", "{compaction}", "Compactions completed, trivial moves included.", m => m.CompactionCount);
        Counter("engine.lsm.compaction.bytes_read", "By", "Bytes read by compactions.", m => m.CompactionBytesRead);
        Counter("engine.lsm.compaction.bytes_written", "By", "Bytes written by compactions.", m => m.CompactionBytesWritten);
        Counter("engine.lsm.stall.count", "{stall}", "Times a writer waited for flush or compaction.", m => m.StallCount);
        Counter("engine.lsm.bloom.checks", "{lookup}", "Table lookups that consulted a bloom filter.", m => m.BloomChecks);
        Counter("engine.lsm.bloom.useful", "{lookup}", "Lookups a bloom filter answered as absent.", m => m.BloomUseful);
        Counter("engine.lsm.bloom.false_positives", "{lookup}", "Lookups a bloom filter let through for an absent key.", m => m.BloomFalsePositives);
        Counter("engine.lsm.background.errors", "{error}", "Flushes and compactions that failed.", m => m.BackgroundErrors);
        Counter("engine.lsm.compaction.trivial_moves", "{compaction}", "Compactions that moved a table down without rewriting it.", m => m.TrivialMoveCount);
        Counter("engine.lsm.slowdown.count", "{commit}", "Commits delayed because L0 reached its slowdown trigger.", m => m.SlowdownCount);
        Counter("engine.lsm.block_cache.hits", "{read}", "Reads of compressed blocks the block cache served.", m => m.BlockCacheHits);
        Counter("engine.lsm.block_cache.misses", "{read}", "Reads of compressed blocks that missed the block cache.", m => m.BlockCacheMisses);
        Counter("engine.lsm.block_cache.inserts", "{block}", "Decompressed blocks added to the block cache.", m => m.BlockCacheInserts);
        Counter("engine.lsm.block_cache.evictions", "{block}", "Blocks evicted from the block cache to make room.", m => m.BlockCacheEvictions);
        Counter("engine.lsm.table_cache.hits", "{read}", "Table reads that found the table open.", m => m.TableCacheHits);
        Counter("engine.lsm.table_cache.misses", "{read}", "Table reads that had to open the table.", m => m.TableCacheMisses);
        Counter("engine.lsm.table_cache.evictions", "{table}", "Tables closed to stay within the open-table limit.", m => m.TableCacheEvictions);
        _meter.CreateObservableCounter("engine.lsm.stall.duration", () => Snapshot().StallMilliseconds, "ms", "Total time writers waited.");
        Gauge("engine.lsm.compaction.debt", "By", "Estimated bytes compaction must still write.", m => m.CompactionDebtBytes);
        Gauge("engine.lsm.compaction.running", "{compaction}", "Compactions running now.", m => m.RunningCompactions);
        Gauge("engine.lsm.memtable.bytes", "By", "Memory held by every memtable.", m => m.MemtableMemoryBytes);
        Gauge("engine.lsm.snapshots.live", "{snapshot}", "Live snapshots.", m => m.LiveSnapshots);
        Gauge("engine.lsm.iterators.live", "{iterator}", "Open iterators.", m => m.LiveIterators);
        Gauge("engine.lsm.block_cache.usage", "By", "Bytes of decompressed blocks the block cache holds.", m => m.BlockCacheUsageBytes);
        Gauge("engine.lsm.block_cache.capacity", "By", "The block cache's budget; 0 when it is disabled.", m => m.BlockCacheCapacityBytes);
        Gauge("engine.lsm.table_cache.open", "{table}", "Tables open now.", m => m.OpenTables);
        _meter.CreateObservableGauge("engine.lsm.write_amplification", () => Snapshot().WriteAmplification, "1", "Bytes written to tables per byte written to the log.");
        _meter.CreateObservableGauge("engine.lsm.level.files", () => PerLevel(l => l.Files), "{table}", "Tables per level.");
        _meter.CreateObservableGauge("engine.lsm.level.bytes", () => PerLevel(l => l.Bytes), "By", "Bytes per level.");
        _meter.CreateObservableGauge("engine.lsm.level.score", () => PerLevelScores(), "1", "Compaction score per level; 1 or more is due.");
    }

    /// <summary>The meter, for listeners that filter by instance.</summary>
    public Meter Meter => _meter;

    public void Dispose() => _meter.Dispose();

    private void Counter(string name, string unit, string description, Func<DatabaseMetrics, long> read) =>
        _meter.CreateObservableCounter(name, () => read(Snapshot()), unit, description);

    private void Gauge(string name, string unit, string description, Func<DatabaseMetrics, long> read) =>
        _meter.CreateObservableGauge(name, () => read(Snapshot()), unit, description);

    private IEnumerable<Measurement<long>> PerLevel(Func<LevelMetrics, long> read)
    {
        IReadOnlyList<LevelMetrics> levels = Snapshot().Levels;
        for (int level = 0; level < levels.Count; level++)
        {
            yield return new Measurement<long>(read(levels[level]), new KeyValuePair<string, object?>("level", level));
        }
    }

    private IEnumerable<Measurement<double>> PerLevelScores()
    {
        IReadOnlyList<LevelMetrics> levels = Snapshot().Levels;
        for (int level = 0; level < levels.Count; level++)
        {
            yield return new Measurement<double>(levels[level].Score, new KeyValuePair<string, object?>("level", level));
        }
    }

    private DatabaseMetrics Snapshot()
    {
        lock (_lock)
        {
            long now = Stopwatch.GetTimestamp();
            if (_snapshot is null || Stopwatch.GetElapsedTime(_snapshotTime, now) > s_snapshotLifetime)
            {
                try
                {
                    _snapshot = _source();
                    _snapshotTime = now;
                }
                catch (StorageException) when (_snapshot is not null)
                {
                    // The store closed during a collection: the last figures stand.
                }
            }

            return _snapshot;
        }
    }
}
