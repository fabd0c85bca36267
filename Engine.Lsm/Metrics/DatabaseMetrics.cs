using System.Collections.Generic;

// Declared in Engine.Api although the file lives in Engine.Lsm/Metrics, a deliberate exception to folder = namespace:
// the engine builds this snapshot and the public Database returns it as is, so the figures have one definition and
// a figure the engine adds cannot be missing from the public surface.
namespace Engine.Api;

/// <summary>
/// A point-in-time copy of a store's figures, in the spirit of Pebble's metrics. The same figures are published
/// through <c>System.Diagnostics.Metrics</c> on a meter named <c>Engine.Lsm</c>.
/// </summary>
/// <remarks>Immutable; thread-safe. Counters run from the open; sizes are current.</remarks>
public sealed record DatabaseMetrics
{
    /// <summary>One line per level, L0 first.</summary>
    public IReadOnlyList<LevelMetrics> Levels { get; init; } = [];

    /// <summary>Tables per level, L0 first.</summary>
    public IReadOnlyList<int> FilesPerLevel { get; init; } = [];

    /// <summary>Bytes of tables per level, L0 first.</summary>
    public IReadOnlyList<long> BytesPerLevel { get; init; } = [];

    /// <summary>The level L0 compacts into.</summary>
    public int BaseLevel { get; init; }

    /// <summary>Bytes used by the active memtable's arena.</summary>
    public long MemtableSizeBytes { get; init; }

    /// <summary>Frozen memtables waiting for flush.</summary>
    public int ImmutableMemtables { get; init; }

    /// <summary>Memory held by every memtable, active and frozen (their arenas' capacity).</summary>
    public long MemtableMemoryBytes { get; init; }

    /// <summary>Bytes written to write-ahead logs since open: the user's bytes, the denominator of write amplification.</summary>
    public long WalBytesWritten { get; init; }

    /// <summary>Memtables flushed since open.</summary>
    public long FlushCount { get; init; }

    /// <summary>Bytes of tables written by flushes.</summary>
    public long FlushBytesWritten { get; init; }

    /// <summary>Total time spent flushing, in milliseconds.</summary>
    public double FlushMilliseconds { get; init; }

    /// <summary>Sorted runs ingested since open (<c>Database.Ingest</c> calls that installed tables).</summary>
    public long IngestCount { get; init; }

    /// <summary>Tables written by ingests since open.</summary>
    public long IngestedTables { get; init; }

    /// <summary>Bytes of tables written by ingests since open. Ingests bypass the log, so they are not in <see cref="WalBytesWritten"/>.</summary>
    public long IngestedBytes { get; init; }

    /// <summary>Entries (puts and deletes) written by ingests since open.</summary>
    public long IngestedEntries { get; init; }

    /// <summary>Compactions completed since open, trivial moves included.</summary>
    public long CompactionCount { get; init; }

    /// <summary>Compactions that moved a table down without rewriting it.</summary>
    public long TrivialMoveCount { get; init; }

    /// <summary>Bytes read by compactions.</summary>
    public long CompactionBytesRead { get; init; }

    /// <summary>Bytes written by compactions.</summary>
    public long CompactionBytesWritten { get; init; }

    /// <summary>Total time spent compacting, in milliseconds.</summary>
    public double CompactionMilliseconds { get; init; }

    /// <summary>Compactions running now.</summary>
    public int RunningCompactions { get; init; }

    /// <summary>Estimated bytes compaction must still write to bring every level within its target.</summary>
    public long CompactionDebtBytes { get; init; }

    /// <summary>(flush + compaction bytes written) / log bytes written; 0 before anything is written.</summary>
    public double WriteAmplification { get; init; }

    /// <summary>Times writers waited for flush or compaction.</summary>
    public long StallCount { get; init; }

    /// <summary>Total time writers waited, in milliseconds.</summary>
    public double StallMilliseconds { get; init; }

    /// <summary>Commits delayed by a millisecond because L0 reached its slowdown trigger.</summary>
    public long SlowdownCount { get; init; }

    /// <summary>Total time of those delays, in milliseconds.</summary>
    public double SlowdownMilliseconds { get; init; }

    /// <summary>Table lookups whose bloom filter was consulted.</summary>
    public long BloomChecks { get; init; }

    /// <summary>Lookups the bloom filter answered "absent".</summary>
    public long BloomUseful { get; init; }

    /// <summary>Lookups the bloom filter let through for a key the table did not hold.</summary>
    public long BloomFalsePositives { get; init; }

    /// <summary>The sequence number of the last visible write.</summary>
    public ulong VisibleSequence { get; init; }

    /// <summary>Live snapshots.</summary>
    public int LiveSnapshots { get; init; }

    /// <summary>Open iterators.</summary>
    public long LiveIterators { get; init; }

    /// <summary>Flushes and compactions that failed; the first failure stops writes.</summary>
    public long BackgroundErrors { get; init; }

    /// <summary>Exceptions thrown by the event listener's handlers, caught and counted.</summary>
    public long ListenerErrors { get; init; }

    /// <summary>
    /// Bytes dropped from log tails at the last open: writes that were not yet synced when the process or machine went
    /// down (never acknowledged as <c>Durability.Synced</c>).
    /// </summary>
    public long RecoveredTornTailBytes { get; init; }

    /// <summary>The block cache's budget in bytes; 0 when it is disabled.</summary>
    public long BlockCacheCapacityBytes { get; init; }

    /// <summary>Bytes of decompressed blocks the block cache holds now.</summary>
    public long BlockCacheUsageBytes { get; init; }

    /// <summary>Reads of compressed blocks that the block cache served since open.</summary>
    public long BlockCacheHits { get; init; }

    /// <summary>Reads of compressed blocks that missed the block cache and decompressed the block, since open.</summary>
    public long BlockCacheMisses { get; init; }

    /// <summary>Decompressed blocks added to the block cache since open.</summary>
    public long BlockCacheInserts { get; init; }

    /// <summary>Blocks evicted from the block cache to make room, since open.</summary>
    public long BlockCacheEvictions { get; init; }

    /// <summary>Tables open now (file handles and memory mappings).</summary>
    public int OpenTables { get; init; }

    /// <summary>Table reads that found the table open, since open.</summary>
    public long TableCacheHits { get; init; }

    /// <summary>Table reads that had to open the table, since open.</summary>
    public long TableCacheMisses { get; init; }

    /// <summary>Tables closed to stay within <c>DatabaseOptions.MaxOpenTables</c>, since open.</summary>
    public long TableCacheEvictions { get; init; }
}
