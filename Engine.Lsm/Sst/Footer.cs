using System;
using System.Buffers.Binary;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Hashing;

namespace Engine.Lsm.Sst;

/// <summary>The fixed 48 bytes that end every table and locate its metaindex and index blocks.</summary>
/// <remarks>
/// <code>
/// +---------------------------+---------------------------+----------------+---------------+--------------+
/// | metaindex handle          | index handle              | format version | footer crc    | magic        |
/// | offset u64 LE, size u64 LE| offset u64 LE, size u64 LE| uint32 LE      | masked crc32c | 8 bytes      |
/// | 16 bytes                  | 16 bytes                  | 4 bytes        | 4 bytes       | "EngSST\0\1" |
/// +---------------------------+---------------------------+----------------+---------------+--------------+
/// </code>
/// <para>
/// The checksum covers the first 36 bytes (handles and version) and the magic is compared byte for byte, so every byte
/// of the footer is checked. Decoding checks, in this order: the magic (a wrong one means the file is not a table),
/// the checksum, the version (a newer, unknown version is an <see cref="UnsupportedFormatVersionException"/>: the file
/// is fine, this build is too old; version 0 is corruption), and that both handles, trailers included, lie before
/// the footer. A table is never appended to, so a torn tail shows as a bad magic or checksum, i.e. corruption.
/// </para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
internal readonly record struct Footer(BlockHandle MetaIndexHandle, BlockHandle IndexHandle, uint FormatVersion)
{
    /// <summary>The size of a footer in bytes.</summary>
    public const int Size = 48;

    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const uint CurrentFormatVersion = 1;

    private const int ChecksummedLength = 36;
    private const int MagicOffset = 40;

    /// <summary>The table magic, "EngSST" followed by 0x00 0x01.</summary>
    public static ReadOnlySpan<byte> Magic => "EngSST\0\u0001"u8;

    /// <summary>Writes the footer into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void EncodeTo(Span<byte> destination)
    {
        Span<byte> footer = destination[..Size];
        BinaryPrimitives.WriteUInt64LittleEndian(footer, (ulong)MetaIndexHandle.Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[8..], (ulong)MetaIndexHandle.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[16..], (ulong)IndexHandle.Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[24..], (ulong)IndexHandle.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[32..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[ChecksummedLength..], Crc32C.Mask(Crc32C.Compute(footer[..ChecksummedLength])));
        Magic.CopyTo(footer[MagicOffset..]);
    }

    /// <summary>
    /// Decodes and checks the footer found at <paramref name="footerOffset"/> of <paramref name="path"/>, the last
    /// <see cref="Size"/> bytes of the file.
    /// </summary>
    /// <exception cref="CorruptionException">Bad magic, bad checksum, version 0, or a handle outside the file.</exception>
    /// <exception cref="UnsupportedFormatVersionException">A newer format version.</exception>
    public static Footer Decode(ReadOnlySpan<byte> footer, string path, long footerOffset)
    {
        if (footer.Length != Size)
        {
            ThrowHelper.ThrowCorruption(path, footerOffset, $"footer is {footer.Length} bytes, not {Size}");
        }

        if (!footer[MagicOffset..].SequenceEqual(Magic))
        {
            ThrowHelper.ThrowCorruption(path, footerOffset, "bad table magic: not an SSTable");
        }

        uint stored = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(footer[ChecksummedLength..]));
        uint computed = Crc32C.Compute(footer[..ChecksummedLength]);
        if (stored != computed)
        {
            ThrowHelper.ThrowCorruption(path, footerOffset, $"footer checksum mismatch (stored {stored:x8}, computed {computed:x8})");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(footer[32..]);
        if (version == 0)
        {
            ThrowHelper.ThrowCorruption(path, footerOffset, "footer format version 0");
        }

        if (version > CurrentFormatVersion)
        {
            ThrowHelper.ThrowUnsupportedFormatVersion(path, version, CurrentFormatVersion);
        }

        BlockHandle metaIndex = ReadHandle(footer, path, footerOffset, "metaindex");
        BlockHandle index = ReadHandle(footer[16..], path, footerOffset, "index");
        return new Footer(metaIndex, index, version);
    }

    private static BlockHandle ReadHandle(ReadOnlySpan<byte> source, string path, long footerOffset, string name)
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(source);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        if (offset > (ulong)footerOffset || size > int.MaxValue || !new BlockHandle((long)offset, (int)size).FitsBefore(footerOffset))
        {
            ThrowHelper.ThrowCorruption(path, footerOffset, $"{name} handle ({offset}, {size}) lies outside the file");
        }

        return new BlockHandle((long)offset, (int)size);
    }
}
