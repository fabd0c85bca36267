using System;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>A body held in its record.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class InlineBlobSource(byte[] data) : BlobSource
{
    public override long Length => data.Length;

    public override int Read(long offset, Span<byte> destination)
    {
        int count = (int)Math.Min(destination.Length, data.Length - offset);
        data.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }
}
