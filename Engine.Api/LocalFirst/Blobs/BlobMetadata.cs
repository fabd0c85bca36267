using System;
using System.Collections.Generic;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>What the store knows about one blob. Immutable; thread-safe.</summary>
/// <param name="Id">The blob's id, distinct for every put (two puts of the same bytes get two ids).</param>
/// <param name="Size">The length of the blob in bytes.</param>
/// <param name="ContentType">The media type given at put, or null.</param>
/// <param name="CreatedAt">When the blob was committed, by the store's clock.</param>
/// <param name="ModifiedAt">When the blob last changed; blobs are immutable, so this equals <paramref name="CreatedAt"/>.</param>
/// <param name="Sha256Hex">The SHA-256 of the bytes, 64 lowercase hex digits.</param>
/// <param name="Custom">The caller's own metadata, as given at put.</param>
public sealed record BlobMetadata(
    string Id,
    long Size,
    string? ContentType,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    string Sha256Hex,
    IReadOnlyDictionary<string, string> Custom);
