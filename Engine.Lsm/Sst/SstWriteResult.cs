namespace Engine.Lsm.Sst;

/// <summary>What <see cref="SstWriter.Finish"/> produced: the size, bounds and statistics of a table, for its manifest entry.</summary>
/// <remarks>Immutable; thread-safe. An empty table (no entries, no tombstones) has empty key bounds and sequence bounds of 0.</remarks>
internal sealed record SstWriteResult
{
    /// <summary>The table's path.</summary>
    public required string Path { get; init; }

    /// <summary>The file's size in bytes.</summary>
    public required long FileSize { get; init; }

    /// <summary>The smallest internal key, range tombstone starts included.</summary>
    public required byte[] Smallest { get; init; }

    /// <summary>The largest internal key, range tombstone end sentinels (<c>end#MAX,RANGEDEL</c>) included.</summary>
    public required byte[] Largest { get; init; }

    /// <summary>The smallest sequence number of any entry or tombstone.</summary>
    public required ulong SmallestSequence { get; init; }

    /// <summary>The largest sequence number of any entry or tombstone.</summary>
    public required ulong LargestSequence { get; init; }

    /// <summary>The number of data blocks.</summary>
    public required int DataBlockCount { get; init; }

    /// <summary>The properties written to the table.</summary>
    public required TableProperties Properties { get; init; }

    /// <summary>Point entries (sets and deletes).</summary>
    public ulong EntryCount => Properties.NumEntries;

    /// <summary>Point deletes.</summary>
    public ulong DeletionCount => Properties.NumDeletions;

    /// <summary>Range tombstones.</summary>
    public ulong RangeDeletionCount => Properties.NumRangeDeletions;

    /// <summary>True when the table holds neither entries nor tombstones.</summary>
    public bool IsEmpty => EntryCount == 0 && RangeDeletionCount == 0;
}
