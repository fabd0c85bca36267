using System;
using System.Buffers;
using System.Buffers.Binary;
using Engine.Core.Storage;

namespace Engine.Api.LocalFirst.Blobs.Files;

/// <summary>
/// Writes one blob file (<see cref="BlobFileFormat"/>) front to back: the header at once, each segment with its
/// checksum as soon as it is full, the footer and an fsync in <see cref="Complete"/>. Memory: one segment buffer.
/// </summary>
/// <remarks>One writer; not thread-safe. Dispose closes the file whether or not it was completed.</remarks>
internal sealed class BlobFileWriter : IDisposable
{
    private readonly IWritableFile _file;
    private readonly int _segmentSize;

    // The segment being filled, with room for its checksum after it; rented, returned on dispose.
    private byte[]? _segment;
    private int _filled;
    private long _segmentIndex;
    private long _length;

    public BlobFileWriter(IWritableFile file, int segmentSize)
    {
        _file = file;
        _segmentSize = segmentSize;
        _segment = ArrayPool<byte>.Shared.Rent(segmentSize + BlobFileFormat.SegmentChecksumSize);
        Span<byte> header = stackalloc byte[BlobFileFormat.HeaderSize];
        BlobFileFormat.WriteHeader(header, segmentSize);
        _file.Append(header);
    }

    /// <summary>The path of the file.</summary>
    public string Path => _file.Path;

    /// <summary>The body bytes written so far.</summary>
    public long Length => _length;

    /// <summary>Appends body bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        byte[] segment = _segment ?? throw new ObjectDisposedException(nameof(BlobFileWriter));
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, _segmentSize - _filled);
            data[..take].CopyTo(segment.AsSpan(_filled));
            _filled += take;
            _length += take;
            data = data[take..];
            if (_filled == _segmentSize)
            {
                FlushSegment(segment);
            }
        }
    }

    /// <summary>Writes the last segment and the footer, and makes the whole file durable.</summary>
    public void Complete(ReadOnlySpan<byte> sha256)
    {
        byte[] segment = _segment ?? throw new ObjectDisposedException(nameof(BlobFileWriter));
        if (_filled > 0)
        {
            FlushSegment(segment);
        }

        Span<byte> footer = stackalloc byte[BlobFileFormat.FooterSize];
        BlobFileFormat.WriteFooter(footer, _length, sha256);
        _file.Append(footer);
        _file.Sync();
    }

    public void Dispose()
    {
        byte[]? segment = _segment;
        _segment = null;
        if (segment is not null)
        {
            ArrayPool<byte>.Shared.Return(segment);
            _file.Dispose();
        }
    }

    private void FlushSegment(byte[] segment)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(segment.AsSpan(_filled), BlobFileFormat.SegmentChecksum(_segmentIndex, segment.AsSpan(0, _filled)));
        _file.Append(segment.AsSpan(0, _filled + BlobFileFormat.SegmentChecksumSize));
        _segmentIndex++;
        _filled = 0;
    }
}
