using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of <c>tomb/ws/table/pk</c>: the last winning delete of a record.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class TombstoneValue : IVersionedRecord
{
    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    [Key(1)]
    public long Clock { get; set; }

    [Key(2)]
    public string Hlc { get; set; } = "";

    [Key(3)]
    public string OpId { get; set; } = "";

    /// <summary>The delete's version; <c>tombv/ws/serverVersion/table/pk</c> indexes it.</summary>
    [Key(4)]
    public long ServerVersion { get; set; }

    /// <summary>Server time of the delete, never the client's.</summary>
    [Key(5)]
    public long ServerDeletedAt { get; set; }

    /// <summary>When the record's first tombstone was written; repeated deletes keep it.</summary>
    [Key(6)]
    public long CreatedAt { get; set; }
}
