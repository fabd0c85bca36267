using System;

namespace Engine.Api.Sync.Results;

/// <summary>What <see cref="SyncStore.Compact"/> did: the store's size and table count before and after, and how long it took.</summary>
/// <param name="BytesBefore">The bytes of the store's files before the compaction.</param>
/// <param name="BytesAfter">The bytes of the store's files after it.</param>
/// <param name="TablesBefore">Tables in the tree before the compaction.</param>
/// <param name="TablesAfter">Tables in the tree after it.</param>
/// <param name="Duration">The time the compaction took.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record CompactionReport(long BytesBefore, long BytesAfter, int TablesBefore, int TablesAfter, TimeSpan Duration)
{
    /// <summary>The bytes the compaction gave back (0 when the store grew, as a compaction of a store without garbage may).</summary>
    public long BytesReclaimed => Math.Max(0, BytesBefore - BytesAfter);
}
