using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Api.Sync.Keys;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The records of a fresh sync counted as its puts write them: per primary keyspace with index entries (resources,
/// entitlements, grants), in total and by their first side column (the type the sync's stats count them by), so that
/// EndSync need not recount them with a scan (SyncStatsCounter).
/// </summary>
/// <remarks>
/// Exact only while every record of the keyspace went through the puts that count and the deletes that uncount: the
/// store stops using the counts of a keyspace written around them (an import, a merge). Thread-safe.
/// </remarks>
internal sealed class FreshCounts
{
    private readonly Lock _lock = new();
    private readonly long[] _records = new long[3];
    private readonly Dictionary<string, long>[] _byType =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    /// <summary>Counts the records new to the sync among <paramref name="states"/> (none stored before, each written).</summary>
    public void AddNew(Keyspace keyspace, ReadOnlySpan<RowState> states)
    {
        int slot = SlotOf(keyspace);
        if (slot < 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (ref readonly RowState state in states)
            {
                if (!state.StoredBefore && state.Message is not null)
                {
                    Change(slot, state.Columns[0], 1);
                }
            }
        }
    }

    /// <summary>Uncounts a deleted record of type <paramref name="type"/>.</summary>
    public void Remove(Keyspace keyspace, string type)
    {
        int slot = SlotOf(keyspace);
        if (slot >= 0)
        {
            lock (_lock)
            {
                Change(slot, type, -1);
            }
        }
    }

    /// <summary>The records of <paramref name="keyspace"/> and how many there are of each type (a copy).</summary>
    public (long Records, Dictionary<string, long> ByType) Of(Keyspace keyspace)
    {
        int slot = SlotOf(keyspace);
        lock (_lock)
        {
            return (_records[slot], new Dictionary<string, long>(_byType[slot], StringComparer.Ordinal));
        }
    }

    private void Change(int slot, string type, long delta)
    {
        _records[slot] += delta;
        Dictionary<string, long> byType = _byType[slot];
        long count = byType.GetValueOrDefault(type) + delta;
        if (count == 0)
        {
            byType.Remove(type);
        }
        else
        {
            byType[type] = count;
        }
    }

    private static int SlotOf(Keyspace keyspace) => keyspace switch
    {
        Keyspace.Resource => 0,
        Keyspace.Entitlement => 1,
        Keyspace.Grant => 2,
        _ => -1,
    };
}
