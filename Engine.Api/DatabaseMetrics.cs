using System.Collections.Generic;

namespace Engine.Api;

/// <summary>A point-in-time copy of a store's counters.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record DatabaseMetrics
{
    /// <summary>Bytes held by the active memtable.</summary>
    public long MemtableSizeBytes { get; init; }

    /// <summary>Frozen memtables waiting for flush.</summary>
    public int ImmutableMemtables { get; init; }

    /// <summary>Tables per level, L0 first.</summary>
    public IReadOnlyList<int> FilesPerLevel { get; init; } = [];

    /// <summary>Bytes of tables per level, L0 first.</summary>
    public IReadOnlyList<long> BytesPerLevel { get; init; } = [];

    /// <summary>Bytes written to write-ahead logs since open.</summary>
    public long WalBytesWritten { get; init; }

    /// <summary>Memtables flushed since open.</summary>
    public long FlushCount { get; init; }

    /// <summary>Compactions completed since open.</summary>
    public long CompactionCount { get; init; }

    /// <summary>Times writers waited for flush or compaction.</summary>
    public long StallCount { get; init; }

    /// <summary>The sequence number of the last visible write.</summary>
    public ulong VisibleSequence { get; init; }

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

    /// <summary>Tables closed to stay within <see cref="DatabaseOptions.MaxOpenTables"/>, since open.</summary>
    public long TableCacheEvictions { get; init; }
}
