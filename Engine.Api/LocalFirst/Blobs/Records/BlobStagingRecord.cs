using MessagePack;

namespace Engine.Api.LocalFirst.Blobs.Records;

/// <summary>
/// The value of <c>0x35, body id</c>: chunks are being written under this body id and no committed record refers to
/// them yet. Written before the first chunk and deleted in the batch that commits the body, so a marker found at open
/// names chunks that a crash orphaned.
/// </summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class BlobStagingRecord
{
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    [Key(1)]
    public long CreatedAt { get; set; }
}
