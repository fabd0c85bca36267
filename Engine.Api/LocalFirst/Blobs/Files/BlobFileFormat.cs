using System;
using System.Buffers.Binary;
using Engine.Core.Hashing;

namespace Engine.Api.LocalFirst.Blobs.Files;

/// <summary>
/// The blob file format, version 1: a header, the body in checksummed segments, and a footer with the length and the
/// SHA-256. Drawn in <c>docs/format/local-first.md</c>, "Blob files".
/// </summary>
/// <remarks>
/// <code>
/// header (16 bytes)
/// +------------+-------------+-----------+-------------------+---------------------------+
/// | magic EBLF | version u16 | flags u16 | segment size u32  | masked CRC-32C of bytes   |
/// | 4 bytes    | = 1         | = 0       | bytes, 4 KiB..    | 0..12, u32                |
/// +------------+-------------+-----------+-------------------+---------------------------+
/// segment i (i = 0 .. n-1, n = ceil(length / segment size)); every segment is full but the last
/// +------------------------------------------+----------------------------------------------+
/// | data: segment size bytes (last: the rest) | masked CRC-32C of (i as u64 LE ++ data), u32 |
/// +------------------------------------------+----------------------------------------------+
/// footer (48 bytes)
/// +-------------+-------------------+------------+-------------------------------+
/// | length u64  | SHA-256 (32 bytes)| magic FLBE | masked CRC-32C of bytes 0..44 |
/// +-------------+-------------------+------------+-------------------------------+
/// </code>
/// All integers are little-endian. A segment's checksum covers its index, so a segment moved within the file is
/// damage too. The footer is written last: the length is unknown while the body streams in. A file whose length is
/// not <c>16 + length + 4n + 48</c> is damaged (a blob file is synced whole before anything refers to it, so a torn
/// tail is damage, never an expected state). Stateless; thread-safe.
/// </remarks>
internal static class BlobFileFormat
{
    public const int Version = 1;
    public const int HeaderSize = 16;
    public const int FooterSize = 48;
    public const int SegmentChecksumSize = 4;
    public const int MinSegmentSize = 4 << 10;
    public const int MaxSegmentSize = 16 << 20;

    private const uint HeaderMagic = 0x464C4245; // "EBLF" read as little-endian u32
    private const uint FooterMagic = 0x45424C46; // "FLBE"

    /// <summary>Writes a header for <paramref name="segmentSize"/>.</summary>
    public static void WriteHeader(Span<byte> destination, int segmentSize)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, HeaderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)segmentSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Mask(Crc32C.Compute(destination[..12])));
    }

    /// <summary>Checks a header; returns its segment size.</summary>
    /// <exception cref="CorruptionException">The bytes are not a version 1 header.</exception>
    public static int ParseHeader(ReadOnlySpan<byte> header, string path)
    {
        if (header.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(header) != HeaderMagic)
        {
            throw new CorruptionException(path, 0, "not a blob file (bad magic)");
        }

        if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(header[12..])) != Crc32C.Compute(header[..12]))
        {
            throw new CorruptionException(path, 0, "the blob file header checksum does not match");
        }

        int version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != Version || BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) != 0)
        {
            throw new CorruptionException(path, 4, $"blob file version {version} with flags {BinaryPrimitives.ReadUInt16LittleEndian(header[6..])}; this engine reads version {Version}");
        }

        uint segmentSize = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (segmentSize is < MinSegmentSize or > MaxSegmentSize)
        {
            throw new CorruptionException(path, 8, $"segment size {segmentSize} is out of range");
        }

        return (int)segmentSize;
    }

    /// <summary>Writes a footer.</summary>
    public static void WriteFooter(Span<byte> destination, long length, ReadOnlySpan<byte> sha256)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, length);
        sha256.CopyTo(destination[8..40]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], FooterMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[44..], Crc32C.Mask(Crc32C.Compute(destination[..44])));
    }

    /// <summary>Checks a footer against the file's length; returns the body length and copies the SHA-256 out.</summary>
    /// <exception cref="CorruptionException">The footer is damaged or does not fit the file's length.</exception>
    public static long ParseFooter(ReadOnlySpan<byte> footer, string path, long fileLength, int segmentSize, Span<byte> sha256)
    {
        long offset = fileLength - FooterSize;
        if (footer.Length < FooterSize || BinaryPrimitives.ReadUInt32LittleEndian(footer[40..]) != FooterMagic)
        {
            throw new CorruptionException(path, offset, "the blob file footer is missing (bad magic)");
        }

        if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(footer[44..])) != Crc32C.Compute(footer[..44]))
        {
            throw new CorruptionException(path, offset, "the blob file footer checksum does not match");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(footer);
        if (length < 0 || FileLength(length, segmentSize) != fileLength)
        {
            throw new CorruptionException(path, offset, $"a body of {length} bytes does not fit a file of {fileLength} bytes");
        }

        footer[8..40].CopyTo(sha256);
        return length;
    }

    /// <summary>The number of segments of a body of <paramref name="length"/> bytes.</summary>
    public static long SegmentCount(long length, int segmentSize) => (length + segmentSize - 1) / segmentSize;

    /// <summary>The length of the file holding a body of <paramref name="length"/> bytes; -1 when it would overflow.</summary>
    public static long FileLength(long length, int segmentSize)
    {
        if (length > long.MaxValue / 2)
        {
            return -1;
        }

        return HeaderSize + length + (SegmentCount(length, segmentSize) * SegmentChecksumSize) + FooterSize;
    }

    /// <summary>The offset of segment <paramref name="index"/>.</summary>
    public static long SegmentOffset(long index, int segmentSize) => HeaderSize + (index * ((long)segmentSize + SegmentChecksumSize));

    /// <summary>The stored checksum of segment <paramref name="index"/> holding <paramref name="data"/>.</summary>
    public static uint SegmentChecksum(long index, ReadOnlySpan<byte> data)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(prefix, index);
        return Crc32C.Mask(Crc32C.Extend(Crc32C.Compute(prefix), data));
    }
}
