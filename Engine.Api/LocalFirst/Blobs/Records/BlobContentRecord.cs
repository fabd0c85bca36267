using MessagePack;

namespace Engine.Api.LocalFirst.Blobs.Records;

/// <summary>
/// The value of <c>0x32, SHA-256</c>: how many manifests share one stored body, and where it lives. Changes in the same
/// batch as the manifest that takes or drops a reference; at zero the record and the body go.
/// </summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class BlobContentRecord
{
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    [Key(1)]
    public long References { get; set; }

    [Key(2)]
    public long Size { get; set; }

    [Key(3)]
    public int Storage { get; set; }

    [Key(4)]
    public string? BodyId { get; set; }

    [Key(5)]
    public int ChunkSize { get; set; }
}
