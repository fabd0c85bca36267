namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>Where a blob's bytes live; stored as an integer in manifests, content and part records.</summary>
/// <remarks>A plain enum; thread-safe. Values are part of the stored format: never renumber.</remarks>
internal enum BlobStorageKind
{
    /// <summary>In the record itself (small bodies).</summary>
    Inline = 0,

    /// <summary>In chunk records <c>0x31, body id, chunk number</c> inside the engine.</summary>
    Chunks = 1,

    /// <summary>In a blob file beside the engine (<c>blobs/ab/cd…</c> for content, <c>blobs/parts/id</c> for parts).</summary>
    File = 2,
}
