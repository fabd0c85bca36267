using MessagePack;

namespace Engine.Api.Sync.Artifact;

/// <summary>One sync run as a packed artifact's manifest lists it, so a reader sees the syncs without unpacking.</summary>
/// <remarks>Part of the versioned manifest contract: integer keys, never renumbered. Instants are ns since the Unix epoch.</remarks>
[MessagePackObject]
internal sealed class ArtifactSyncSummary
{
    /// <summary>The sync id, as its 27-character KSUID text.</summary>
    [Key(0)]
    public string SyncId { get; set; } = "";

    [Key(1)]
    public string SyncType { get; set; } = "";

    [Key(2)]
    public long StartedAtUnixNanos { get; set; }

    /// <summary>Null while the sync runs.</summary>
    [Key(3)]
    public long? EndedAtUnixNanos { get; set; }

    [Key(4)]
    public string ParentSyncId { get; set; } = "";

    /// <summary>The cached stats: the deterministic protobuf bytes of a <c>c1.reader.v2.SyncStats</c>; null when not computed.</summary>
    [Key(5)]
    public byte[]? Stats { get; set; }
}
