using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>
/// A forward-only stream that reads several streams one after the other, opening each only when the one before it
/// is exhausted and disposing it then: memory and open files stay at one part's worth.
/// </summary>
/// <remarks>One reader at a time. Dispose disposes the stream being read.</remarks>
internal sealed class ConcatenatedStream(IReadOnlyList<Func<Stream>> parts) : Stream
{
    private int _next;
    private Stream? _current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_current is null)
            {
                if (_next == parts.Count)
                {
                    return 0;
                }

                _current = parts[_next++]();
            }

            int read = _current.Read(buffer);
            if (read > 0)
            {
                return read;
            }

            _current.Dispose();
            _current = null;
        }

        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    // The parts are blob streams, synchronous underneath.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
            _next = parts.Count;
        }

        base.Dispose(disposing);
    }
}
