using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>An external identity's link to its user, under an Account key (docs/format/gateway.md).</summary>
/// <remarks>Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.</remarks>
[MessagePackObject]
internal sealed class AccountRecord : IVersionedRecord
{

    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public string UserId { get; set; } = "";

    /// <summary>When the identity was first seen, Unix milliseconds.</summary>
    [Key(2)]
    public long CreatedAt { get; set; }
}
