using System;
using System.IO;
using Engine.Core.Storage;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// A read-only <see cref="Stream"/> over <c>[offset, offset + length)</c> of an <see cref="IReadableFile"/>: one frame of
/// an artifact, fed to the zstd decoder. Ends early when the file does. Does not own the file.
/// </summary>
/// <remarks>One reader at a time (it keeps a position).</remarks>
internal sealed class FileRangeStream : Stream
{
    private readonly IReadableFile _file;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    public FileRangeStream(IReadableFile file, long start, long length)
    {
        _file = file;
        _start = start;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        int read = _file.Read(_start + _position, buffer[..wanted]);
        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
