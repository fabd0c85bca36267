using System;
using System.Collections.Generic;
using Engine.Api.Sync.Transfer;

namespace Engine.Api.Sync.Results;

/// <summary>
/// What <see cref="SyncStore.CompareSyncs"/> found: the counts of added, removed and changed records per table, and the
/// changes themselves, read from the store again on each enumeration of <see cref="Changes"/> (never held in memory).
/// </summary>
/// <remarks>
/// The counts are taken when the comparison is made; <see cref="Changes"/> walks the syncs as they are when it is
/// enumerated, so the two agree as long as neither sync is written in between (an ended sync is not). Immutable; the
/// enumeration needs the store open. Thread-safe.
/// </remarks>
public sealed class SyncComparison
{
    private readonly Func<IEnumerable<SyncChange>> _changes;

    internal SyncComparison(string baseSyncId, string appliedSyncId, IReadOnlyList<SyncChangeCounts> counts, Func<IEnumerable<SyncChange>> changes)
    {
        BaseSyncId = baseSyncId;
        AppliedSyncId = appliedSyncId;
        Counts = counts;
        _changes = changes;
    }

    /// <summary>The sync compared against (the old one).</summary>
    public string BaseSyncId { get; }

    /// <summary>The sync whose differences are reported (the new one).</summary>
    public string AppliedSyncId { get; }

    /// <summary>One entry per table, in the order resource types, resources, entitlements, grants.</summary>
    public IReadOnlyList<SyncChangeCounts> Counts { get; }

    /// <summary>Every record that differs, over all tables.</summary>
    public long TotalChanges
    {
        get
        {
            long total = 0;
            foreach (SyncChangeCounts counts in Counts)
            {
                total += counts.Total;
            }

            return total;
        }
    }

    /// <summary>The counts of <paramref name="table"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="table"/> is not a table of the comparison.</exception>
    public SyncChangeCounts CountsOf(RecordTable table)
    {
        foreach (SyncChangeCounts counts in Counts)
        {
            if (counts.Table == table)
            {
                return counts;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(table), table, "Not a table of the comparison.");
    }

    /// <summary>
    /// The changes in table order, then in key order of the ids within a table; streamed from the store as the caller
    /// enumerates.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is closed (when the enumeration starts).</exception>
    public IEnumerable<SyncChange> Changes() => _changes();
}
