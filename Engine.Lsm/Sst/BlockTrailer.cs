using System;
using System.Buffers.Binary;
using Engine.Api;
using Engine.Core.Compression;
using Engine.Core.Errors;
using Engine.Core.Hashing;

namespace Engine.Lsm.Sst;

/// <summary>The 5 bytes after every block: a compression type and a masked CRC-32C.</summary>
/// <remarks>
/// <code>
/// +------------------+---------------------------+
/// | compression type | crc32c, masked, uint32 LE |
/// | 1 byte           | 4 bytes                   |
/// +------------------+---------------------------+
/// type 0: the stored bytes are the block's contents.
/// type 1: the stored bytes are | uncompressed length (varint32) | LZ4 block (<see cref="Lz4Block"/>) |
///         (data blocks only; see <see cref="CompressedBlock"/>).
/// </code>
/// The checksum covers the block's stored bytes (compressed, when compressed) and the type byte, so a flip anywhere in a
/// block or its trailer fails verification before any decoding. Stateless; thread-safe.
/// </remarks>
internal static class BlockTrailer
{
    /// <summary>The size of a trailer in bytes.</summary>
    public const int Size = 5;

    /// <summary>Writes the trailer of the stored bytes <paramref name="contents"/> of type <paramref name="type"/> into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(ReadOnlySpan<byte> contents, CompressionType type, Span<byte> destination)
    {
        destination[0] = (byte)type;
        uint crc = Crc32C.Extend(Crc32C.Compute(contents), destination[..1]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(1, sizeof(uint)), Crc32C.Mask(crc));
    }

    /// <summary>
    /// Checks the trailer that follows the stored bytes in <paramref name="blockWithTrailer"/> and returns the block's
    /// compression type; a mismatch or an unknown type is a <see cref="CorruptionException"/> naming
    /// <paramref name="path"/> and <paramref name="blockOffset"/>.
    /// </summary>
    public static CompressionType Verify(ReadOnlySpan<byte> blockWithTrailer, string path, long blockOffset)
    {
        if (blockWithTrailer.Length < Size)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "block is shorter than its trailer");
        }

        int contentLength = blockWithTrailer.Length - Size;
        ReadOnlySpan<byte> typeByte = blockWithTrailer.Slice(contentLength, 1);
        uint expected = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(blockWithTrailer[(contentLength + 1)..]));
        uint actual = Crc32C.Extend(Crc32C.Compute(blockWithTrailer[..contentLength]), typeByte);
        if (actual != expected)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"block checksum mismatch (stored {expected:x8}, computed {actual:x8})");
        }

        if (typeByte[0] is not ((byte)CompressionType.None or (byte)CompressionType.Lz4))
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"unknown block compression type {typeByte[0]}");
        }

        return (CompressionType)typeByte[0];
    }

    /// <summary>
    /// <see cref="Verify"/> for a block that is never compressed (filter, range-del, properties, metaindex, index): a
    /// compressed one is a <see cref="CorruptionException"/> as well.
    /// </summary>
    public static void VerifyUncompressed(ReadOnlySpan<byte> blockWithTrailer, string path, long blockOffset)
    {
        if (Verify(blockWithTrailer, path, blockOffset) != CompressionType.None)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "a meta or index block is compressed; only data blocks may be");
        }
    }
}
