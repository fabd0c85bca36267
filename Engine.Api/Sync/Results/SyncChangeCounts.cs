using Engine.Api.Sync.Transfer;

namespace Engine.Api.Sync.Results;

/// <summary>How many records of one table differ between two syncs, by kind of change.</summary>
/// <param name="Table">The table counted.</param>
/// <param name="Added">Records only the applied sync has.</param>
/// <param name="Removed">Records only the base sync has.</param>
/// <param name="Changed">Records both have with different content.</param>
public sealed record SyncChangeCounts(RecordTable Table, long Added, long Removed, long Changed)
{
    /// <summary>Every record of the table that differs.</summary>
    public long Total => Added + Removed + Changed;
}
