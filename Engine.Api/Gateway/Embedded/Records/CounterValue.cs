using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of <c>wsc/ws</c>: the workspace's last server version and the creation time of its last logged change.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class CounterValue : IVersionedRecord
{
    [Key(0)]
    public int FormatVersion { get; set; } = IVersionedRecord.CurrentVersion;

    /// <summary>The largest version logged in the workspace (0 before the first push).</summary>
    [Key(1)]
    public long ServerVersion { get; set; }

    /// <summary>The <c>createdAt</c> of the last logged change; later changes never get an earlier one.</summary>
    [Key(2)]
    public long LastCommitAt { get; set; }
}
