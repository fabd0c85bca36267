using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of <c>cl/ws/serverVersion</c>: one logged op, winner or loser.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class ChangeLogValue : IVersionedRecord
{
    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public string Table { get; set; } = "";

    [Key(2)]
    public string Pk { get; set; } = "";

    /// <summary>The <see cref="SyncOp"/> as its byte.</summary>
    [Key(3)]
    public byte Op { get; set; }

    /// <summary>The client's UTF-8 JSON, byte for byte (server-derived fields reset); null for none.</summary>
    [Key(4)]
    public byte[]? Payload { get; set; }

    [Key(5)]
    public long Clock { get; set; }

    [Key(6)]
    public string Hlc { get; set; } = "";

    [Key(7)]
    public string DeviceId { get; set; } = "";

    [Key(8)]
    public string OpId { get; set; } = "";

    /// <summary>Server time, never below an earlier change's of the workspace, so GC's eligible entries are a prefix.</summary>
    [Key(9)]
    public long CreatedAt { get; set; }
}
