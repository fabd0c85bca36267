using System;
using System.Buffers.Binary;

namespace Engine.Api.Sync.V1;

/// <summary>
/// The header of one zstd frame (RFC 8878, section 3.1.1), parsed without decoding so that the decoder limits are
/// checked before anything is allocated.
/// </summary>
/// <remarks>
/// <code>
/// | magic 28 B5 2F FD | descriptor | window descriptor | dictionary id  | frame content size   |
/// |  4 bytes (u32 LE) |  1 byte    |  0 or 1 byte      | 0, 1, 2 or 4 LE | 0, 1, 2, 4 or 8 LE  |
///
/// descriptor: bits 7-6 content-size field (0: none, or 1 byte when single-segment; 1: 2 bytes, +256; 2: 4; 3: 8)
///             bit 5 single segment (no window descriptor; the window is the content size)
///             bit 4 unused, bit 3 reserved (must be 0), bit 2 content checksum, bits 1-0 dictionary-id field
/// window descriptor: exponent (bits 7-3), mantissa (bits 2-0);
///             window = 2^(10 + exponent) + mantissa * 2^(10 + exponent) / 8
/// </code>
/// Immutable; thread-safe.
/// </remarks>
internal readonly struct ZstdFrameHeader
{
    /// <summary>The longest header: magic, descriptor, window descriptor, 4-byte dictionary id, 8-byte content size.</summary>
    public const int MaxLength = 18;

    /// <summary>The bytes needed to know a header's length: the magic and the descriptor.</summary>
    public const int PrefixLength = 5;

    /// <summary>The largest block the format allows, whatever the window (RFC 8878, 3.1.1.2.3).</summary>
    public const int MaxBlockBytes = 128 << 10;

    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;

    private ZstdFrameHeader(int length, long windowBytes, ulong? contentSize, bool hasChecksum)
    {
        Length = length;
        WindowBytes = windowBytes;
        ContentSize = contentSize;
        HasChecksum = hasChecksum;
    }

    /// <summary>The header's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The window the decoder must keep, in bytes (for a single-segment frame, its content size).</summary>
    public long WindowBytes { get; }

    /// <summary>The declared decoded size (Frame_Content_Size), or null when the header does not carry it.</summary>
    public ulong? ContentSize { get; }

    /// <summary>Whether a 4-byte content checksum follows the last block.</summary>
    public bool HasChecksum { get; }

    /// <summary>The largest size a block of this frame may have.</summary>
    public int MaxBlockSize => (int)Math.Min(WindowBytes, MaxBlockBytes);

    /// <summary>
    /// The length of the header that starts with <paramref name="prefix"/> (its first <see cref="PrefixLength"/>
    /// bytes), after checking the magic and the reserved bit.
    /// </summary>
    /// <exception cref="V1FileException">CorruptFrame: not a zstd frame, or the reserved bit is set.</exception>
    public static int LengthOf(ReadOnlySpan<byte> prefix, string path, long offset)
    {
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (magic != FrameMagic)
        {
            string what = (magic & SkippableMagicMask) == SkippableMagic ? "a skippable frame" : $"bytes {Convert.ToHexString(prefix[..4])}";
            throw new V1FileException(V1FileProblem.CorruptFrame, path, $"expected a zstd frame at offset {offset}, found {what}");
        }

        byte descriptor = prefix[4];
        if ((descriptor & 0x08) != 0)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, path, $"the zstd frame header at offset {offset} sets the reserved bit");
        }

        return PrefixLength + ((descriptor & 0x20) != 0 ? 0 : 1) + DictionaryFieldLength(descriptor) + ContentSizeFieldLength(descriptor);
    }

    /// <summary>Parses a whole header, <paramref name="header"/> being exactly <see cref="LengthOf"/> bytes.</summary>
    /// <exception cref="V1FileException">CorruptFrame: the header is malformed or needs a dictionary.</exception>
    public static ZstdFrameHeader Parse(ReadOnlySpan<byte> header, string path, long offset)
    {
        int length = LengthOf(header, path, offset);
        if (header.Length != length)
        {
            throw new ArgumentException($"a header of {length} bytes, not {header.Length}", nameof(header));
        }

        byte descriptor = header[4];
        bool singleSegment = (descriptor & 0x20) != 0;
        int position = PrefixLength;
        long windowBytes = 0;
        if (!singleSegment)
        {
            byte window = header[position++];
            int windowLog = 10 + (window >> 3);
            long windowBase = 1L << windowLog;
            windowBytes = windowBase + ((windowBase >> 3) * (window & 0x07));
        }

        int dictionaryField = DictionaryFieldLength(descriptor);
        ulong dictionary = ReadLittleEndian(header.Slice(position, dictionaryField));
        position += dictionaryField;
        if (dictionary != 0)
        {
            throw new V1FileException(V1FileProblem.CorruptFrame, path, $"the zstd frame at offset {offset} needs dictionary {dictionary}; v1 files use none");
        }

        int contentSizeField = ContentSizeFieldLength(descriptor);
        ulong? contentSize = null;
        if (contentSizeField > 0)
        {
            ulong value = ReadLittleEndian(header.Slice(position, contentSizeField));
            contentSize = contentSizeField == 2 ? value + 256 : value;
        }

        if (singleSegment)
        {
            windowBytes = (long)Math.Min(contentSize!.Value, long.MaxValue);
        }

        return new ZstdFrameHeader(length, windowBytes, contentSize, (descriptor & 0x04) != 0);
    }

    private static int ContentSizeFieldLength(byte descriptor) => (descriptor >> 6) switch
    {
        0 => (descriptor & 0x20) != 0 ? 1 : 0,
        1 => 2,
        2 => 4,
        _ => 8,
    };

    private static int DictionaryFieldLength(byte descriptor) => (descriptor & 0x03) switch
    {
        0 => 0,
        1 => 1,
        2 => 2,
        _ => 4,
    };

    private static ulong ReadLittleEndian(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }
}
