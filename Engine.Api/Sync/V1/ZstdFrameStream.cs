using System;
using System.Buffers.Binary;
using System.IO;

namespace Engine.Api.Sync.V1;

/// <summary>
/// Passes exactly one zstd frame from a stream through to the decoder, unchanged, walking its block headers as the bytes
/// go by (RFC 8878, 3.1.1.2): so the frame's end is known exactly (anything after it is trailing data), a file that ends
/// inside the frame is reported as truncated, and the frame's content checksum is captured for an independent check.
/// </summary>
/// <remarks>
/// <code>
/// frame := header | block* (the last one has Last_Block set) | content checksum (4 bytes LE, if the header says so)
/// block := Last_Block (bit 0) | Block_Type (bits 1-2: raw, RLE, compressed, reserved) | Block_Size (bits 3-23)
///          (a 3-byte little-endian header) | content: Block_Size bytes, or 1 byte for an RLE block
/// </code>
/// Reads the inner stream forward only and never past the frame. One reader at a time.
/// </remarks>
internal sealed class ZstdFrameStream : Stream
{
    private const int BlockHeaderLength = 3;
    private const int ChecksumLength = 4;

    private readonly Stream _inner;
    private readonly string _path;

    /// <summary>Header, block-header or checksum bytes already read from the inner stream and not yet passed on.</summary>
    private readonly byte[] _staged = new byte[ZstdFrameHeader.MaxLength];
    private int _stagedStart;
    private int _stagedEnd;

    /// <summary>The file offset of the next byte to read from the inner stream.</summary>
    private long _offset;

    /// <summary>Content bytes of the current block still to pass on.</summary>
    private int _blockRemaining;
    private bool _lastBlockSeen;
    private bool _done;
    private uint _checksum;

    /// <summary>Reads and checks the frame header at <paramref name="offset"/> of <paramref name="inner"/>.</summary>
    /// <exception cref="V1FileException">Truncated or CorruptFrame: the header is missing, cut short or malformed.</exception>
    public ZstdFrameStream(Stream inner, string path, long offset)
    {
        _inner = inner;
        _path = path;
        _offset = offset;
        long start = offset;
        ReadStaged(0, ZstdFrameHeader.PrefixLength, "the zstd frame header");
        int length = ZstdFrameHeader.LengthOf(_staged, path, start);
        ReadStaged(ZstdFrameHeader.PrefixLength, length - ZstdFrameHeader.PrefixLength, "the zstd frame header");
        Header = ZstdFrameHeader.Parse(_staged.AsSpan(0, length), path, start);
        _stagedEnd = length;
    }

    /// <summary>The frame's header.</summary>
    public ZstdFrameHeader Header { get; }

    /// <summary>Whether the whole frame, checksum included, has been passed on.</summary>
    public bool IsComplete => _done && _stagedStart == _stagedEnd;

    /// <summary>The frame's content checksum; valid once <see cref="IsComplete"/> and <see cref="ZstdFrameHeader.HasChecksum"/>.</summary>
    public uint Checksum => _checksum;

    /// <summary>The file offset just past the bytes read so far (the frame's end once it is complete).</summary>
    public long Offset => _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_stagedStart < _stagedEnd)
            {
                int n = Math.Min(buffer.Length, _stagedEnd - _stagedStart);
                _staged.AsSpan(_stagedStart, n).CopyTo(buffer);
                _stagedStart += n;
                return n;
            }

            if (_blockRemaining > 0)
            {
                int read = _inner.Read(buffer[..Math.Min(buffer.Length, _blockRemaining)]);
                if (read == 0)
                {
                    throw Truncated("a zstd block");
                }

                _blockRemaining -= read;
                _offset += read;
                return read;
            }

            if (_done)
            {
                return 0;
            }

            if (_lastBlockSeen)
            {
                StageChecksum();
            }
            else
            {
                StageBlockHeader();
            }
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void StageBlockHeader()
    {
        long at = _offset;
        ReadStaged(0, BlockHeaderLength, "a zstd block header");
        uint header = _staged[0] | ((uint)_staged[1] << 8) | ((uint)_staged[2] << 16);
        int type = (int)((header >> 1) & 0x03);
        int size = (int)(header >> 3);
        if (type == 3)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, _path, $"the zstd block at offset {at} has the reserved block type");
        }

        if (size > Header.MaxBlockSize)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, _path, $"the zstd block at offset {at} is {size} bytes, over the frame's maximum of {Header.MaxBlockSize}");
        }

        _lastBlockSeen = (header & 1) != 0;
        _blockRemaining = type == 1 ? 1 : size;
        _stagedStart = 0;
        _stagedEnd = BlockHeaderLength;
    }

    private void StageChecksum()
    {
        _done = true;
        _stagedStart = 0;
        _stagedEnd = 0;
        if (Header.HasChecksum)
        {
            ReadStaged(0, ChecksumLength, "the zstd content checksum");
            _checksum = BinaryPrimitives.ReadUInt32LittleEndian(_staged);
            _stagedEnd = ChecksumLength;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into <see cref="_staged"/> at <paramref name="at"/>.</summary>
    private void ReadStaged(int at, int count, string what)
    {
        int done = 0;
        while (done < count)
        {
            int read = _inner.Read(_staged, at + done, count - done);
            if (read == 0)
            {
                throw Truncated(what);
            }

            done += read;
            _offset += read;
        }
    }

    private V1FileException Truncated(string what) =>
        new(V1FileProblem.Truncated, _path, $"the file ends at offset {_offset}, inside {what}");
}
