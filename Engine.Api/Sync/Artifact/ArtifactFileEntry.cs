using MessagePack;

namespace Engine.Api.Sync.Artifact;

/// <summary>Where one store file lies in a packed artifact's payload, and what it decodes to.</summary>
/// <remarks>Part of the versioned manifest contract: integer keys, never renumbered.</remarks>
[MessagePackObject]
internal sealed class ArtifactFileEntry
{
    /// <summary>The file's name in the store directory (no directory part).</summary>
    [Key(0)]
    public string Name { get; set; } = "";

    /// <summary>The offset of the file's zstd frame from the start of the payload (the first byte after the manifest).</summary>
    [Key(1)]
    public long Offset { get; set; }

    [Key(2)]
    public long CompressedLength { get; set; }

    [Key(3)]
    public long RawLength { get; set; }

    /// <summary>XXH64 (seed 0) of the raw bytes.</summary>
    [Key(4)]
    public ulong RawXxh64 { get; set; }
}
