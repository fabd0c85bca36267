using System;
using System.IO;
using Engine.Core.Storage;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// A write-only <see cref="Stream"/> that appends to an <see cref="IWritableFile"/>, so stream-based encoders (zstd) can
/// write through the file-system abstraction. Does not own the file.
/// </summary>
/// <remarks>One writer at a time, as the file.</remarks>
internal sealed class AppendStream(IWritableFile file) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => file.Append(buffer);

    /// <summary>Nothing to do: appends reach the operating system when they return.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
