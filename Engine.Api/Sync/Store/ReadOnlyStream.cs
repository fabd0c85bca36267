using System;
using System.IO;

namespace Engine.Api.Sync.Store;

/// <summary>
/// A forward-only, read-only <see cref="Stream"/>: the members such a stream refuses, written once. Subclasses read
/// into a span and report how far they are.
/// </summary>
/// <remarks>One reader at a time.</remarks>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes read so far.</summary>
    protected abstract long BytesRead { get; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    /// <summary>Nothing to flush: the stream never writes.</summary>
    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
