using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>A workspace, under a Workspace key (docs/format/gateway.md); removal keeps it, marked deleted.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.</remarks>
[MessagePackObject]
internal sealed class WorkspaceRecord : IVersionedRecord
{

    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public string Name { get; set; } = "";

    [Key(2)]
    public string? Description { get; set; }

    /// <summary>The user who created it.</summary>
    [Key(3)]
    public string OwnerUserId { get; set; } = "";

    /// <summary>When it was created, Unix milliseconds.</summary>
    [Key(4)]
    public long CreatedAt { get; set; }

    [Key(5)]
    public bool Deleted { get; set; }

    /// <summary>When it was removed, Unix milliseconds; null while it is not deleted.</summary>
    [Key(6)]
    public long? DeletedAt { get; set; }
}
