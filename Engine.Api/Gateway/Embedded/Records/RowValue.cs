using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of <c>row/ws/table/pk</c>: the materialized record, its last winning op.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class RowValue : IVersionedRecord
{
    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    /// <summary>The winning put's payload; empty for a delete.</summary>
    [Key(1)]
    public byte[] Payload { get; set; } = [];

    [Key(2)]
    public long Clock { get; set; }

    [Key(3)]
    public string Hlc { get; set; } = "";

    [Key(4)]
    public string OpId { get; set; } = "";

    [Key(5)]
    public string DeviceId { get; set; } = "";

    [Key(6)]
    public bool Deleted { get; set; }

    [Key(7)]
    public long CreatedAt { get; set; }

    [Key(8)]
    public long UpdatedAt { get; set; }
}
