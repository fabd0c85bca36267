using System;
using C1.Reader.V2;

namespace Engine.Api.Sync.Results;

/// <summary>Everything the store keeps about one sync run (the reference's internal <c>c1zstore.SyncRun</c>).</summary>
public sealed record SyncRunInfo
{
    /// <summary>The sync id (a KSUID).</summary>
    public required string Id { get; init; }

    /// <summary>When the sync started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the sync ended; null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The syncer's last checkpoint token: opaque JSON.</summary>
    public string SyncToken { get; init; } = "";

    /// <summary>The stored type string (<see cref="SyncTypes.ToName"/>); may be one this version does not know.</summary>
    public string Type { get; init; } = "full";

    /// <summary>The parent sync (partial and diff syncs); empty when none.</summary>
    public string ParentSyncId { get; init; } = "";

    /// <summary>The diff partner: a partial_upserts sync's partial_deletions sync and back.</summary>
    public string LinkedSyncId { get; init; } = "";

    /// <summary>True when the sync may serve as a side of an upserts/deletions diff.</summary>
    public bool SupportsDiff { get; init; }

    /// <summary>The cached stats, when computed.</summary>
    public SyncStats? Stats { get; init; }

    /// <summary>Set when the sync's ingest invariants were verified.</summary>
    public IngestInvariantVerification? IngestInvariantVerification { get; init; }
}
