using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;
using Google.Protobuf;

namespace Engine.Api.Sync;

/// <summary>
/// Sync stats (shared/spec/baton-storage.md, section 1.11): counted with key-only scans, cached on an ended sync's run
/// record as the deterministic protobuf bytes of <see cref="SyncStats"/>, recounted at every EndSync.
/// </summary>
public sealed partial class SyncStore
{
    private const string ResourceTypesKey = "resource_types";

    /// <summary>
    /// The reference's stats map: <c>resource_types</c>, <c>entitlements</c> and <c>grants</c> (not for a
    /// resources_only sync), then one key per resource type of the sync with its resource count (a type named like
    /// one of those keys overwrites it, as in the reference).
    /// </summary>
    /// <exception cref="StorageException">See <see cref="StatsV2"/>.</exception>
    internal IReadOnlyDictionary<string, long> Stats(SyncType type, string syncId)
    {
        (Ksuid id, SyncRunRecord run) = ResolveStatsSync(type, syncId);
        SyncStats stats = StatsOf(id, run, forceRefresh: false);
        Dictionary<string, long> map = new(StringComparer.Ordinal) { [ResourceTypesKey] = stats.ResourceTypes };
        if (run.SyncType != SyncTypes.ToName(SyncType.ResourcesOnly))
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

    /// <summary>
    /// The stats of sync <paramref name="syncId"/>, or with an empty id of the latest finished sync of
    /// <paramref name="type"/>; the cached stats when they count at least one resource type, else a fresh count (stored
    /// when the sync has ended and the store is writable). An explicit id may name a running sync: a partial count.
    /// </summary>
    /// <exception cref="StorageException">
    /// NotFound: no such sync, or no finished sync of the type. InvalidArgument: <paramref name="type"/> is undefined,
    /// or not Any and not the sync's type.
    /// </exception>
    internal SyncStats StatsV2(SyncType type, string syncId)
    {
        (Ksuid id, SyncRunRecord run) = ResolveStatsSync(type, syncId);
        return StatsOf(id, run, forceRefresh: false);
    }

    /// <summary>Grant counts by the entitlement's resource type, resolved as <see cref="StatsV2"/>.</summary>
    /// <exception cref="StorageException">See <see cref="StatsV2"/>.</exception>
    internal IReadOnlyDictionary<string, long> GrantStats(SyncType type, string syncId)
    {
        (Ksuid id, SyncRunRecord run) = ResolveStatsSync(type, syncId);
        return new Dictionary<string, long>(StatsOf(id, run, forceRefresh: false).GrantsByResourceType, StringComparer.Ordinal);
    }

    /// <summary>Recounts the stats of a sync (empty: the latest finished one) and, when it has ended, stores them.</summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: no such sync, or none finished.</exception>
    internal void RecalculateStats(string syncId)
    {
        ThrowIfNotWritable();
        (Ksuid id, SyncRunRecord run) = ResolveStatsSync(SyncType.Any, syncId);
        StatsOf(id, run, forceRefresh: true);
    }

    /// <summary>
    /// The stats of a run: the cache when present with resource_types above 0 (the reference's fast path, so a sync
    /// without resource types is recounted every time), else a count, stored when the run has ended and the store is
    /// writable.
    /// </summary>
    internal SyncStats StatsOf(Ksuid id, SyncRunRecord run, bool forceRefresh)
    {
        if (!forceRefresh && CachedStats(id, run) is { ResourceTypes: > 0 } cached)
        {
            return cached;
        }

        SyncStats stats = CountStats(id, run);
        if (run.EndedAtUnixNanos is not null && !_options.ReadOnly)
        {
            StoreStats(id, SyncStatsCounter.Serialize(stats));
        }

        return stats;
    }

    /// <summary>The stats cached on <paramref name="run"/>, or null; corruption when the cached bytes do not parse.</summary>
    internal SyncStats? CachedStats(Ksuid id, SyncRunRecord run)
    {
        if (run.Stats is null)
        {
            return null;
        }

        try
        {
            return SyncStats.Parser.ParseFrom(run.Stats);
        }
        catch (InvalidProtocolBufferException ex)
        {
            SyncErrors.CorruptValue(_path, SyncKeys.SyncRunKey(id), "the cached sync stats do not parse", ex);
            return null;
        }
    }

    /// <summary>
    /// A fresh count of the run's records, with the timings of its checkpoint token: from the counts kept as a fresh
    /// sync's puts wrote them when they are exact, else with scans.
    /// </summary>
    private SyncStats CountStats(Ksuid id, SyncRunRecord run) => SyncStatsCounter.Count(Db, id, run.SyncType, run.SyncToken, FreshCountsOf(id));

    /// <summary>
    /// Stores counted stats on the run record, read again under <see cref="_stateLock"/> so that a metadata write racing
    /// with a reader's caching is not lost; nothing when the sync is gone meanwhile.
    /// </summary>
    private void StoreStats(Ksuid id, byte[] stats)
    {
        lock (_stateLock)
        {
            if (TryGetRun(id) is not SyncRunRecord run)
            {
                return;
            }

            run.Stats = stats;
            PutRun(run, id);
            _dirty = true;
        }
    }

    /// <summary>
    /// The sync a stats call is about: <paramref name="syncId"/>, or with an empty id the latest finished sync of
    /// <paramref name="type"/>; checked against the type.
    /// </summary>
    private (Ksuid Id, SyncRunRecord Run) ResolveStatsSync(SyncType type, string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        RequireKnownType(type);
        Ksuid id;
        SyncRunRecord run;
        if (syncId.Length == 0)
        {
            if (LatestFinished(type, 0) is not (Ksuid latest, SyncRunRecord latestRun))
            {
                SyncErrors.NotFound(type == SyncType.Any ? "no finished sync found" : $"no finished sync of type '{NameOf(type)}' found");
                return default;
            }

            (id, run) = (latest, latestRun);
        }
        else
        {
            (id, run) = ExistingRun(syncId);
        }

        if (type != SyncType.Any && run.SyncType != NameOf(type))
        {
            SyncErrors.InvalidArgument($"sync '{id}' is not of type '{NameOf(type)}'");
        }

        return (id, run);
    }

    /// <summary>InvalidArgument for a value of <see cref="SyncType"/> that names no type (the reference's unknown type string).</summary>
    private static void RequireKnownType(SyncType type)
    {
        if (!Enum.IsDefined(type))
        {
            SyncErrors.InvalidArgument($"unknown sync type '{type}'");
        }
    }

    /// <summary>The sync a caller named and its record; NotFound when the id is not a sync of this store.</summary>
    private (Ksuid Id, SyncRunRecord Run) ExistingRun(string syncId)
    {
        Ksuid id = ExistingSync(syncId);
        return (id, GetRun(id));
    }
}
