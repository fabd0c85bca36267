using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Keys;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;
using Google.Protobuf;

namespace Engine.Api.Sync.Store;

/// <summary>
/// Counts a sync's records for its stats (shared/spec/baton-storage.md, section 1.11) with key-only scans: totals from
/// the primary keyspaces, per-type counts from the first column of an index (docs/format/keyspace.md), so no value is
/// read and no message decoded.
/// </summary>
/// <remarks>
/// Index keys of one type are contiguous, so a count by type allocates one string per type, not per key, and comes out
/// in ascending UTF-8 order (the tuple codec preserves it), the order the deterministic bytes need. Stateless;
/// thread-safe.
/// </remarks>
internal static class SyncStatsCounter
{
    private const string ResourcesOnly = "resources_only";

    /// <summary>
    /// The stats of sync <paramref name="sync"/> of type <paramref name="syncType"/>, with the timings of its
    /// <paramref name="syncToken"/>. As the reference: resources count only for the sync's resource types (each gets a
    /// key, 0 when it has none); a resources_only sync counts no entitlements or grants; grants go by the entitlement's
    /// resource type.
    /// </summary>
    /// <remarks>
    /// With <paramref name="counts"/> (the sync's records counted as they were written), resources, entitlements and
    /// grants come from them; otherwise from key-only scans.
    /// </remarks>
    public static SyncStats Count(Database db, Ksuid sync, string syncType, string syncToken, FreshCounts? counts = null)
    {
        SyncStats stats = new();
        List<string> resourceTypes = PrimaryIds(db, Keyspace.ResourceType, sync);
        stats.ResourceTypes = resourceTypes.Count;
        Dictionary<string, long> resources = counts?.Of(Keyspace.Resource).ByType ?? ToDictionary(CountByFirstColumn(db, Keyspace.ResourceByType, sync));
        foreach (string type in resourceTypes)
        {
            long count = resources.GetValueOrDefault(type);
            stats.ResourcesByResourceType.Add(type, count);
            stats.Resources += count;
        }

        if (syncType != ResourcesOnly)
        {
            if (counts is null)
            {
                stats.Entitlements = CountKeys(db, Keyspace.Entitlement, sync);
                stats.Grants = CountKeys(db, Keyspace.Grant, sync);
                stats.EntitlementsByResourceType.Add(ToDictionary(CountByFirstColumn(db, Keyspace.EntitlementByResource, sync)));
                stats.GrantsByResourceType.Add(ToDictionary(CountByFirstColumn(db, Keyspace.GrantByEntitlementResource, sync)));
            }
            else
            {
                (stats.Entitlements, Dictionary<string, long> entitlements) = counts.Of(Keyspace.Entitlement);
                (stats.Grants, Dictionary<string, long> grants) = counts.Of(Keyspace.Grant);
                stats.EntitlementsByResourceType.Add(entitlements);
                stats.GrantsByResourceType.Add(grants);
            }
        }

        stats.Assets = CountKeys(db, Keyspace.Asset, sync);
        SyncTokenTimings.Apply(stats, syncToken);
        return stats;
    }

    private static Dictionary<string, long> ToDictionary(List<(string Column, long Count)> counts)
    {
        Dictionary<string, long> map = new(counts.Count, StringComparer.Ordinal);
        foreach ((string column, long count) in counts)
        {
            map[column] = count;
        }

        return map;
    }

    /// <summary>The deterministic bytes of <paramref name="stats"/>: maps in ascending UTF-8 key order (a copy is sorted when needed).</summary>
    public static byte[] Serialize(SyncStats stats)
    {
        if (!IsCanonical(stats))
        {
            stats = stats.Clone();
            CanonicalMessages.Sort(stats.ResourcesByResourceType);
            CanonicalMessages.Sort(stats.GrantsByResourceType);
            CanonicalMessages.Sort(stats.EntitlementsByResourceType);
            CanonicalMessages.Sort(stats.StepDurationsMs);
            CanonicalMessages.Sort(stats.ConnectorCallStats);
            CanonicalMessages.Sort(stats.SessionStoreStats);
        }

        return stats.ToByteArray();
    }

    private static bool IsCanonical(SyncStats stats) =>
        CanonicalMessages.IsSorted(stats.ResourcesByResourceType) && CanonicalMessages.IsSorted(stats.GrantsByResourceType) &&
        CanonicalMessages.IsSorted(stats.EntitlementsByResourceType) && CanonicalMessages.IsSorted(stats.StepDurationsMs) &&
        CanonicalMessages.IsSorted(stats.ConnectorCallStats) && CanonicalMessages.IsSorted(stats.SessionStoreStats);

    /// <summary>The number of keys of <paramref name="sync"/> in <paramref name="keyspace"/>.</summary>
    private static long CountKeys(Database db, Keyspace keyspace, Ksuid sync)
    {
        long count = 0;
        using DatabaseIterator it = db.NewIterator(new ReadOptions { Range = SyncKeys.SyncRange(keyspace, sync) });
        for (it.First(); it.Valid; it.Next())
        {
            count++;
        }

        return count;
    }

    /// <summary>The ids of a primary keyspace (each key's one string column), in key order.</summary>
    private static List<string> PrimaryIds(Database db, Keyspace keyspace, Ksuid sync)
    {
        List<string> ids = [];
        foreach ((string id, _) in CountByFirstColumn(db, keyspace, sync))
        {
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>How many keys of <paramref name="sync"/> in <paramref name="keyspace"/> share each first column, in key order.</summary>
    private static List<(string Column, long Count)> CountByFirstColumn(Database db, Keyspace keyspace, Ksuid sync)
    {
        List<(string Column, long Count)> counts = [];
        byte[] group = new byte[64];
        int groupLength = 0;
        using DatabaseIterator it = db.NewIterator(new ReadOptions { Range = SyncKeys.SyncRange(keyspace, sync) });
        for (it.First(); it.Valid; it.Next())
        {
            TupleReader reader = new(it.Key[SyncKeys.SyncPrefixLength..]);
            if (!reader.TryReadNext(out _))
            {
                continue;
            }

            ReadOnlySpan<byte> first = reader.CurrentEncoded;
            if (counts.Count > 0 && first.SequenceEqual(group.AsSpan(0, groupLength)))
            {
                counts[^1] = (counts[^1].Column, counts[^1].Count + 1);
                continue;
            }

            if (first.Length > group.Length)
            {
                group = new byte[Math.Max(first.Length, group.Length * 2)];
            }

            first.CopyTo(group);
            groupLength = first.Length;
            counts.Add((reader.GetString(), 1));
        }

        return counts;
    }
}
