namespace Engine.Lsm.Db;

/// <summary>A point-in-time copy of the store's counters.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record LsmMetrics
{
    /// <summary>Bytes used by the mutable memtable's arena.</summary>
    public long MemtableSizeBytes { get; init; }

    /// <summary>Frozen memtables awaiting flush.</summary>
    public int ImmutableMemtables { get; init; }

    /// <summary>Tables per level, L0 first.</summary>
    public int[] FilesPerLevel { get; init; } = [];

    /// <summary>Bytes of tables per level, L0 first.</summary>
    public long[] BytesPerLevel { get; init; } = [];

    /// <summary>Bytes written to WALs since open.</summary>
    public long WalBytesWritten { get; init; }

    /// <summary>Memtables flushed since open.</summary>
    public long FlushCount { get; init; }

    /// <summary>Compactions completed since open.</summary>
    public long CompactionCount { get; init; }

    /// <summary>Times a writer waited for flush or compaction, and for how long in total.</summary>
    public long StallCount { get; init; }

    /// <summary>Total time writers waited, in milliseconds.</summary>
    public double StallMilliseconds { get; init; }

    /// <summary>The last sequence number visible to reads.</summary>
    public ulong VisibleSequence { get; init; }

    /// <summary>Live snapshots.</summary>
    public int LiveSnapshots { get; init; }

    /// <summary>Bytes dropped from WAL tails at recovery (unsynced writes a crash cut).</summary>
    public long RecoveredTornTailBytes { get; init; }

    /// <summary>The block cache's budget in bytes; 0 when it is disabled.</summary>
    public long BlockCacheCapacityBytes { get; init; }

    /// <summary>Bytes of decoded blocks the block cache holds.</summary>
    public long BlockCacheUsageBytes { get; init; }

    /// <summary>Compressed-block reads the block cache served.</summary>
    public long BlockCacheHits { get; init; }

    /// <summary>Compressed-block reads that missed the block cache and decoded the block.</summary>
    public long BlockCacheMisses { get; init; }

    /// <summary>Decoded blocks added to the block cache.</summary>
    public long BlockCacheInserts { get; init; }

    /// <summary>Blocks evicted from the block cache to make room.</summary>
    public long BlockCacheEvictions { get; init; }

    /// <summary>Table readers open now (file handles and mappings).</summary>
    public int OpenTables { get; init; }

    /// <summary>Table reads that found the table open.</summary>
    public long TableCacheHits { get; init; }

    /// <summary>Table reads that had to open the table.</summary>
    public long TableCacheMisses { get; init; }

    /// <summary>Table readers closed to stay within the open-table bound.</summary>
    public long TableCacheEvictions { get; init; }
}
