using System.Collections.Generic;
using MessagePack;

namespace Engine.Api.LocalFirst.Blobs.Records;

/// <summary>The value of <c>0x30, blob id</c>: a blob's metadata and where its body lives. Committed last: it makes the blob visible.</summary>
/// <remarks>
/// Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. The storage fields are a copy of the
/// content record's (a read needs one lookup); <see cref="Storage"/> is a <c>BlobStorageKind</c>. Mutable for
/// deserialization only.
/// </remarks>
[MessagePackObject]
internal sealed class BlobManifestRecord
{
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    [Key(1)]
    public long Size { get; set; }

    [Key(2)]
    public string? ContentType { get; set; }

    [Key(3)]
    public long CreatedAt { get; set; }

    [Key(4)]
    public long ModifiedAt { get; set; }

    [Key(5)]
    public byte[] Sha256 { get; set; } = [];

    [Key(6)]
    public int Storage { get; set; }

    /// <summary>The body itself when <see cref="Storage"/> is inline.</summary>
    [Key(7)]
    public byte[]? Inline { get; set; }

    /// <summary>The id the chunks are keyed under when <see cref="Storage"/> is chunks.</summary>
    [Key(8)]
    public string? BodyId { get; set; }

    [Key(9)]
    public int ChunkSize { get; set; }

    [Key(10)]
    public Dictionary<string, string>? Custom { get; set; }
}
