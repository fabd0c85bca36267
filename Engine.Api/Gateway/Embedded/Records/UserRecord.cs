using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>A user, under a User key (docs/format/gateway.md).</summary>
/// <remarks>Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.</remarks>
[MessagePackObject]
internal sealed class UserRecord : IVersionedRecord
{

    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public string? Email { get; set; }

    [Key(2)]
    public string? DisplayName { get; set; }

    /// <summary>The workspace the user lands in, or null; always one the user is a member of.</summary>
    [Key(3)]
    public string? ActiveWorkspaceId { get; set; }

    /// <summary>When the user was created, Unix milliseconds.</summary>
    [Key(4)]
    public long CreatedAt { get; set; }
}
