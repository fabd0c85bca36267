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
}
