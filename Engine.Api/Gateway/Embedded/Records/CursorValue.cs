using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of <c>cur/ws/deviceId</c>: how far a device has pulled.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class CursorValue : IVersionedRecord
{
    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    /// <summary>The user who wrote the cursor first; nobody else may move it.</summary>
    [Key(1)]
    public string OwnerUserId { get; set; } = "";

    /// <summary>The last version the device has seen, inclusive.</summary>
    [Key(2)]
    public long LastSeenVersion { get; set; }

    [Key(3)]
    public long UpdatedAt { get; set; }
}
