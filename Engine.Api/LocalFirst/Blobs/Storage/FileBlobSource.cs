using System;
using System.Buffers;
using Engine.Api.LocalFirst.Blobs.Files;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>A body in a blob file, read segment by segment, each segment's checksum checked when it is loaded.</summary>
/// <remarks>One reader at a time: it caches the last segment in one pooled buffer. Dispose closes the file.</remarks>
internal sealed class FileBlobSource : BlobSource
{
    private readonly BlobFileReader _reader;
    private byte[]? _buffer;
    private long _cachedSegment = -1;
    private int _cachedLength;

    public FileBlobSource(BlobFileReader reader)
    {
        _reader = reader;
        _buffer = ArrayPool<byte>.Shared.Rent(reader.SegmentSize + BlobFileFormat.SegmentChecksumSize);
    }

    public override long Length => _reader.Length;

    public override int Read(long offset, Span<byte> destination)
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(FileBlobSource));
        long segment = offset / _reader.SegmentSize;
        if (segment != _cachedSegment)
        {
            _cachedSegment = -1;
            _cachedLength = _reader.ReadSegment(segment, buffer);
            _cachedSegment = segment;
        }

        int start = (int)(offset - (segment * _reader.SegmentSize));
        int count = Math.Min(destination.Length, _cachedLength - start);
        buffer.AsSpan(start, count).CopyTo(destination);
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }
}
