using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of <c>op/opId</c>: where an op id is logged and what it was.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class OpIndexValue : IVersionedRecord
{
    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public string WorkspaceId { get; set; } = "";

    [Key(2)]
    public long ServerVersion { get; set; }

    /// <summary>SHA-256 of the op's canonical form (32 bytes), as the gateway computed it.</summary>
    [Key(3)]
    public byte[] Fingerprint { get; set; } = [];
}
