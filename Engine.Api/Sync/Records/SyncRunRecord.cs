using System.Collections.Generic;
using MessagePack;

namespace Engine.Api.Sync.Records;

/// <summary>
/// Everything the store keeps about one sync run: every column of the reference's <c>v1_sync_runs</c> row
/// (shared/spec/baton-storage.md, section 3.1) plus its creation sequence. Stored under
/// <see cref="Keys.SyncKeys.SyncRunKey"/> as MessagePack (docs/format/keyspace.md, "Sync-run records").
/// </summary>
/// <remarks>
/// Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.
/// Instants are nanoseconds since the Unix epoch, UTC. Mutable for the store's own updates; never shared across threads
/// while being changed.
/// </remarks>
[MessagePackObject]
internal sealed class SyncRunRecord
{
    /// <summary>The contract version this code writes.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    /// <summary>The sync id, as its 27-character KSUID text.</summary>
    [Key(1)]
    public string SyncId { get; set; } = "";

    /// <summary>The store-wide creation sequence: orders syncs created within one second.</summary>
    [Key(2)]
    public long Sequence { get; set; }

    [Key(3)]
    public long StartedAtUnixNanos { get; set; }

    /// <summary>Null while the sync runs.</summary>
    [Key(4)]
    public long? EndedAtUnixNanos { get; set; }

    [Key(5)]
    public string SyncToken { get; set; } = "";

    /// <summary>The stored type string: possibly one this version does not know.</summary>
    [Key(6)]
    public string SyncType { get; set; } = "full";

    [Key(7)]
    public string ParentSyncId { get; set; } = "";

    [Key(8)]
    public string LinkedSyncId { get; set; } = "";

    [Key(9)]
    public bool SupportsDiff { get; set; }

    [Key(10)]
    public bool GrantsBackfilled { get; set; } = true;

    /// <summary>The cached stats: the deterministic protobuf bytes of a <c>c1.reader.v2.SyncStats</c>; null when not computed.</summary>
    [Key(11)]
    public byte[]? Stats { get; set; }

    [Key(12)]
    public string IngestInvariantGeneration { get; set; } = "";

    [Key(13)]
    public List<string> IngestInvariantCoverage { get; set; } = [];

    [Key(14)]
    public string IngestInvariantMode { get; set; } = "";
}
