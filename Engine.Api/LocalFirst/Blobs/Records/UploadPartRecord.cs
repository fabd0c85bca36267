using MessagePack;

namespace Engine.Api.LocalFirst.Blobs.Records;

/// <summary>
/// The value of <c>0x34, upload id, part number</c>: one uploaded part, its SHA-256 (the etag) and where its body lives
/// (inline, chunks under <see cref="BodyId"/>, or the file <c>blobs/parts/BodyId</c>).
/// </summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class UploadPartRecord
{
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    [Key(1)]
    public long Size { get; set; }

    [Key(2)]
    public byte[] Sha256 { get; set; } = [];

    [Key(3)]
    public int Storage { get; set; }

    [Key(4)]
    public byte[]? Inline { get; set; }

    [Key(5)]
    public string? BodyId { get; set; }

    [Key(6)]
    public int ChunkSize { get; set; }
}
