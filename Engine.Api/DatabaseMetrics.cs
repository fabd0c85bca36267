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
}
