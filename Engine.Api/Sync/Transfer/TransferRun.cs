using System.Collections.Generic;
using C1.Reader.V2;

namespace Engine.Api.Sync.Transfer;

/// <summary>
/// One sync run as it moves between stores and files: every column of the reference's <c>v1_sync_runs</c>
/// (shared/spec/baton-storage.md, section 3.1), with its instants in nanoseconds since the Unix epoch (UTC). Nothing is
/// derived on the way: a target stores these values as they are.
/// </summary>
public sealed record TransferRun
{
    /// <summary>The sync id (a 27-character KSUID), kept as it is.</summary>
    public required string SyncId { get; init; }

    /// <summary>When the sync started.</summary>
    public long StartedAtUnixNanos { get; init; }

    /// <summary>When it ended, or null while it is open.</summary>
    public long? EndedAtUnixNanos { get; init; }

    /// <summary>The opaque sync token (JSON written by the syncer), byte for byte.</summary>
    public string SyncToken { get; init; } = "";

    /// <summary>The sync type string (<c>full</c>, <c>partial</c>, …), as stored.</summary>
    public string SyncType { get; init; } = "full";

    /// <summary>The parent sync id, or empty.</summary>
    public string ParentSyncId { get; init; } = "";

    /// <summary>The diff partner's id, or empty.</summary>
    public string LinkedSyncId { get; init; } = "";

    /// <summary>The <c>supports_diff</c> flag.</summary>
    public bool SupportsDiff { get; init; }

    /// <summary>
    /// The <c>grants_backfilled</c> flag: true once the sync's grants carry their expansion in the side columns. A
    /// source applies the backfill before it hands rows out, so what it yields is always backfilled.
    /// </summary>
    public bool GrantsBackfilled { get; init; } = true;

    /// <summary>The cached stats, or null when none are stored.</summary>
    public SyncStats? Stats { get; init; }

    /// <summary>The ingest-invariant generation, or empty.</summary>
    public string IngestInvariantGeneration { get; init; } = "";

    /// <summary>The ingest-invariant coverage, empty when unverified.</summary>
    public IReadOnlyList<string> IngestInvariantCoverage { get; init; } = [];

    /// <summary>The ingest-invariant mode, or empty.</summary>
    public string IngestInvariantMode { get; init; } = "";
}
