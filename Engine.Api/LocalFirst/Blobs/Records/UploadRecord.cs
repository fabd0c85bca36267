using System.Collections.Generic;
using MessagePack;

namespace Engine.Api.LocalFirst.Blobs.Records;

/// <summary>The value of <c>0x33, upload id</c>: a multipart upload in progress and the metadata its blob will carry.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Times are Unix milliseconds. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class UploadRecord
{
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    [Key(1)]
    public string? ContentType { get; set; }

    [Key(2)]
    public long CreatedAt { get; set; }

    [Key(3)]
    public Dictionary<string, string>? Custom { get; set; }
}
