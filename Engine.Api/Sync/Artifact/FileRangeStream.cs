using System;
using Engine.Api.Sync.Store;
using Engine.Core.Storage;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// A read-only stream over <c>[start, start + length)</c> of an <see cref="IReadableFile"/>: one frame of
/// an artifact, fed to the zstd decoder. Ends early when the file does. Does not own the file.
/// </summary>
/// <remarks>One reader at a time (it keeps a position).</remarks>
internal sealed class FileRangeStream : ReadOnlyStream
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

    public override long Length => _length;

    protected override long BytesRead => _position;

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
}
