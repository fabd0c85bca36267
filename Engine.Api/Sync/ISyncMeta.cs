using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync;

/// <summary>Sync-run metadata and stats (shared/spec/baton-storage.md, sections 1.3, 1.10 and 1.11).</summary>
public interface ISyncMeta
{
    /// <summary>Marks a sync as usable for upserts/deletions diffs (the reference does not check that it exists).</summary>
    void MarkSyncSupportsDiff(string syncId);

    /// <summary>Links a diff sync to its partner; an empty <paramref name="syncId"/> is InvalidArgument.</summary>
    void SetSyncLink(string syncId, string linkedSyncId);

    /// <summary>The latest finished full sync, or null.</summary>
    SyncRunInfo? LatestFullSync();

    /// <summary>The latest finished sync of any type, or null.</summary>
    SyncRunInfo? LatestFinishedSyncOfAnyType();

    /// <summary>The reference's stats map: resource_types, a count per resource type, entitlements and grants.</summary>
    IReadOnlyDictionary<string, long> Stats(SyncType type, string syncId);

    /// <summary>The full stats of a sync, with the timings from its checkpoint token.</summary>
    SyncStats StatsV2(SyncType type, string syncId);

    /// <summary>Grant counts by the entitlement's resource type.</summary>
    IReadOnlyDictionary<string, long> GrantStats(SyncType type, string syncId);

    /// <summary>Recounts a sync's stats and stores them.</summary>
    void RecalculateStats(string syncId);

    /// <summary>Records that an ended sync's ingest invariants were verified; FailedPrecondition for an unended sync.</summary>
    void MarkIngestInvariantsVerified(string syncId, IngestInvariantVerification verification);

    /// <summary>Forgets a sync's verification; NotFound for a missing sync.</summary>
    void ClearIngestInvariantVerification(string syncId);
}
