using System;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>
/// Where one body of bytes lives and what it is: its size, SHA-256 and storage (inline bytes, chunks under a body id,
/// or a file). A blob's manifest, a content record and an upload part each describe one body.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record BlobBody(BlobStorageKind Kind, long Size, byte[] Sha256, byte[]? Inline, string? BodyId, int ChunkSize)
{
    /// <summary>The SHA-256 as lowercase hex, the form the API shows.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);

    /// <summary>The number of chunks of a chunked body.</summary>
    public long ChunkCount => ChunkSize <= 0 ? 0 : (Size + ChunkSize - 1) / ChunkSize;
}
