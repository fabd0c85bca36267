using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>A user's membership of a workspace, under a Member key (docs/format/gateway.md).</summary>
/// <remarks>Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.</remarks>
[MessagePackObject]
internal sealed class MemberRecord : IVersionedRecord
{

    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public WorkspaceRole Role { get; set; }

    /// <summary>When the user joined, Unix milliseconds.</summary>
    [Key(2)]
    public long CreatedAt { get; set; }

    /// <summary>The join-order element of the membership's UserMembership key, so the two always name each other.</summary>
    [Key(3)]
    public long JoinedAt { get; set; }
}
