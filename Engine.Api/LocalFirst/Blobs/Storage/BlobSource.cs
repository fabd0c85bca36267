using System;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>Random access to one stored body, unit by unit (a chunk or a file segment), loaded on demand.</summary>
/// <remarks>One reader at a time (it caches the last unit read). Dispose releases what it holds (a snapshot, a file).</remarks>
internal abstract class BlobSource : IDisposable
{
    /// <summary>The body's length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>
    /// Copies bytes starting at <paramref name="offset"/> (below <see cref="Length"/>) into <paramref name="destination"/>,
    /// at most to the end of the unit holding <paramref name="offset"/>; returns how many, at least one.
    /// </summary>
    /// <exception cref="CorruptionException">The unit is missing, the wrong length, or fails its checksum.</exception>
    public abstract int Read(long offset, Span<byte> destination);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
