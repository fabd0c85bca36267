using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// Sync stats (shared/spec/baton-storage.md, section 1.11): counted with <c>count(*)</c> and <c>GROUP BY</c> queries,
/// cached as JSON in <c>v1_sync_runs.stats</c> once the sync has ended, recounted at every EndSync.
/// </summary>
public sealed partial class SqliteSyncStore
{
    private const string ResourcesOnly = "resources_only";

    internal IReadOnlyDictionary<string, long> Stats(SyncType type, string syncId)
    {
        lock (_lock)
        {
            SyncRunRecord run = ResolveStatsSyncLocked(type, syncId);
            SyncStats stats = StatsOfLocked(run, forceRefresh: false);
            Dictionary<string, long> map = new(StringComparer.Ordinal) { ["resource_types"] = stats.ResourceTypes };
            if (run.SyncType != ResourcesOnly)
            {
                map["entitlements"] = stats.Entitlements;
                map["grants"] = stats.Grants;
            }

            foreach (KeyValuePair<string, long> entry in stats.ResourcesByResourceType)
            {
                map[entry.Key] = entry.Value;
            }

            return map;
        }
    }

    internal SyncStats StatsV2(SyncType type, string syncId)
    {
        lock (_lock)
        {
            return StatsOfLocked(ResolveStatsSyncLocked(type, syncId), forceRefresh: false);
        }
    }

    internal IReadOnlyDictionary<string, long> GrantStats(SyncType type, string syncId)
    {
        lock (_lock)
        {
            SyncStats stats = StatsOfLocked(ResolveStatsSyncLocked(type, syncId), forceRefresh: false);
            return new Dictionary<string, long>(stats.GrantsByResourceType, StringComparer.Ordinal);
        }
    }

    internal void RecalculateStats(string syncId)
    {
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            StatsOfLocked(ResolveStatsSyncLocked(SyncType.Any, syncId), forceRefresh: true);
        }
    }

    /// <summary>
    /// The stats of a run: the cache when present with resource_types above 0 (the reference's fast path), else a count,
    /// stored when the run has ended and the store is writable.
    /// </summary>
    private SyncStats StatsOfLocked(SyncRunRecord run, bool forceRefresh)
    {
        if (!forceRefresh && CachedStats(run) is { ResourceTypes: > 0 } cached)
        {
            return cached;
        }

        SyncStats stats = CountStatsLocked(run);
        if (run.EndedAtUnixNanos is not null && !_options.ReadOnly)
        {
            StoreStatsLocked(run.SyncId, stats);
        }

        return stats;
    }

    private static SyncStats? CachedStats(SyncRunRecord run) => run.Stats is null ? null : SyncStats.Parser.ParseFrom(run.Stats);

    private void StoreStatsLocked(string syncId, SyncStats stats)
    {
        _sql.Execute("UPDATE v1_sync_runs SET stats = $0 WHERE sync_id = $1", SyncStatsJson.Write(stats), syncId);
        _dirty = true;
    }

    /// <summary>
    /// A fresh count, as the reference: resources only for the sync's resource types (each gets a key, 0 when none); a
    /// resources_only sync counts no entitlements or grants; grants by the entitlement's resource type; the timings of
    /// the checkpoint token.
    /// </summary>
    private SyncStats CountStatsLocked(SyncRunRecord run)
    {
        string sync = run.SyncId;
        SyncStats stats = new();
        List<string> resourceTypes = [];
        using (SqliteDataReader reader = _sql.Query("SELECT external_id FROM v1_resource_types WHERE sync_id = $0", sync))
        {
            while (reader.Read())
            {
                resourceTypes.Add(reader.GetString(0));
            }
        }

        resourceTypes.Sort(Utf8Order.Instance);
        stats.ResourceTypes = resourceTypes.Count;
        Dictionary<string, long> resources = CountBy("SELECT resource_type_id, count(*) FROM v1_resources WHERE sync_id = $0 GROUP BY resource_type_id", sync);
        foreach (string type in resourceTypes)
        {
            long count = resources.GetValueOrDefault(type);
            stats.ResourcesByResourceType[type] = count;
            stats.Resources += count;
        }

        if (run.SyncType != ResourcesOnly)
        {
            stats.Entitlements = (long)_sql.Scalar("SELECT count(*) FROM v1_entitlements WHERE sync_id = $0", sync)!;
            stats.Grants = (long)_sql.Scalar("SELECT count(*) FROM v1_grants WHERE sync_id = $0", sync)!;
            AddSorted(stats.EntitlementsByResourceType, CountBy("SELECT resource_type_id, count(*) FROM v1_entitlements WHERE sync_id = $0 GROUP BY resource_type_id", sync));
            AddSorted(stats.GrantsByResourceType, CountBy("SELECT resource_type_id, count(*) FROM v1_grants WHERE sync_id = $0 GROUP BY resource_type_id", sync));
        }

        stats.Assets = (long)_sql.Scalar("SELECT count(*) FROM v1_assets WHERE sync_id = $0", sync)!;
        SyncTokenTimings.Apply(stats, run.SyncToken);
        return stats;
    }

    private Dictionary<string, long> CountBy(string query, string sync)
    {
        Dictionary<string, long> counts = new(StringComparer.Ordinal);
        using SqliteDataReader reader = _sql.Query(query, sync);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static void AddSorted(Google.Protobuf.Collections.MapField<string, long> map, Dictionary<string, long> counts)
    {
        List<string> keys = [.. counts.Keys];
        keys.Sort(Utf8Order.Instance);
        foreach (string key in keys)
        {
            map[key] = counts[key];
        }
    }

    /// <summary>The run a stats call is about: the named sync, or with an empty id the latest finished sync of the type; checked against the type.</summary>
    private SyncRunRecord ResolveStatsSyncLocked(SyncType type, string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosedLocked();
        RequireKnownType(type);
        SyncRunRecord run;
        if (syncId.Length == 0)
        {
            if (LatestFinishedLocked(type, 0) is not SyncRunRecord latest)
            {
                SyncErrors.NotFound(type == SyncType.Any ? "no finished sync found" : $"no finished sync of type '{NameOf(type)}' found");
                return null;
            }

            run = latest;
        }
        else
        {
            run = ExistingRunLocked(syncId);
        }

        if (type != SyncType.Any && run.SyncType != NameOf(type))
        {
            SyncErrors.InvalidArgument($"sync '{run.SyncId}' is not of type '{NameOf(type)}'");
        }

        return run;
    }
}
