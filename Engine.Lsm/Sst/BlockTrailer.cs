using System;
using System.Buffers.Binary;
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
/// </code>
/// The checksum covers the block's contents and the type byte, so a flip anywhere in a block or its trailer fails
/// verification. Type 0 ("none") is the only type in format version 1. Stateless; thread-safe.
/// </remarks>
internal static class BlockTrailer
{
    /// <summary>The size of a trailer in bytes.</summary>
    public const int Size = 5;

    /// <summary>The only compression type of format version 1.</summary>
    public const byte NoCompression = 0;

    /// <summary>Writes the trailer of <paramref name="contents"/> into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(ReadOnlySpan<byte> contents, Span<byte> destination)
    {
        destination[0] = NoCompression;
        uint crc = Crc32C.Extend(Crc32C.Compute(contents), destination[..1]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(1, sizeof(uint)), Crc32C.Mask(crc));
    }

    /// <summary>
    /// Checks the trailer that follows the contents in <paramref name="blockWithTrailer"/>; a mismatch or an unknown
    /// compression type is a <see cref="CorruptionException"/> naming <paramref name="path"/> and <paramref name="blockOffset"/>.
    /// </summary>
    public static void Verify(ReadOnlySpan<byte> blockWithTrailer, string path, long blockOffset)
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

        if (typeByte[0] != NoCompression)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"unknown block compression type {typeByte[0]}");
        }
    }
}
