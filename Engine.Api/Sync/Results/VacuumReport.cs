using System;
using System.Collections.Generic;

namespace Engine.Api.Sync.Results;

/// <summary>What <see cref="SyncStore.Vacuum"/> did: the syncs it deleted, the store's size before and after, how long it took.</summary>
/// <param name="DeletedSyncIds">The ids of the syncs deleted, in the order deleted; empty when the retention policy selected none.</param>
/// <param name="KeepSyncCount">The number of full syncs the retention policy kept (the resolved limit).</param>
/// <param name="BytesBefore">The bytes of the store's files before the cleanup.</param>
/// <param name="BytesAfter">The bytes of the store's files after the cleanup and the compaction of the freed ranges.</param>
/// <param name="Duration">The time the cleanup and the compaction took.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record VacuumReport(IReadOnlyList<string> DeletedSyncIds, int KeepSyncCount, long BytesBefore, long BytesAfter, TimeSpan Duration)
{
    /// <summary>The bytes given back (0 when nothing was deleted, or when the store grew meanwhile).</summary>
    public long BytesReclaimed => Math.Max(0, BytesBefore - BytesAfter);
}
