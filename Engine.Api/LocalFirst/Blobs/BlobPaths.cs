using System;
using System.IO;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// The files of the blob store under the store's <c>blobs/</c> directory: content files <c>ab/cdef…</c> (the SHA-256 in
/// lowercase hex, split after two digits so no directory holds more than a 256th of them), part files
/// <c>parts/bodyId</c>, and files being written <c>tmp/bodyId</c>.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class BlobPaths(string root)
{
    /// <summary>The <c>blobs/</c> directory.</summary>
    public string Root { get; } = root;

    /// <summary>Where files are written before they are complete; everything in it is garbage at open.</summary>
    public string TempDirectory => Path.Combine(Root, "tmp");

    /// <summary>Where committed multipart parts live.</summary>
    public string PartsDirectory => Path.Combine(Root, "parts");

    /// <summary>The directory of content files whose hash starts with <paramref name="prefix"/> (two hex digits).</summary>
    public string ContentDirectory(string prefix) => Path.Combine(Root, prefix);

    /// <summary>The content file of <paramref name="sha256"/>.</summary>
    public string ContentFile(ReadOnlySpan<byte> sha256)
    {
        string hex = Convert.ToHexStringLower(sha256);
        return Path.Combine(Root, hex[..2], hex[2..]);
    }

    /// <summary>The file of a committed part.</summary>
    public string PartFile(string bodyId) => Path.Combine(PartsDirectory, bodyId);

    /// <summary>The file a body is written to before it is complete.</summary>
    public string TempFile(string bodyId) => Path.Combine(TempDirectory, bodyId);
}
