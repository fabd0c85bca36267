using System;
using Engine.Api;
using Engine.Core.Compression;
using Engine.Core.Encoding;
using Engine.Core.Errors;

namespace Engine.Lsm.Sst;

/// <summary>
/// The stored form of a compressed data block (trailer type <see cref="CompressionType.Lz4"/>): the uncompressed length
/// as a varint32, then one LZ4 block.
/// </summary>
/// <remarks>
/// <code>
/// +-------------------------------+-----------------------------+
/// | uncompressed length (varint32)| LZ4 block                   |
/// +-------------------------------+-----------------------------+
/// </code>
/// The writer keeps a compressed block only when it saves at least an eighth of the contents, as LevelDB does, so a
/// reader never pays decompression for little gain. The reader bounds the declared length before it allocates
/// anything: at most <see cref="MaxUncompressedLength"/>, and at most what the LZ4 bytes can expand to
/// (<see cref="MaxExpansion"/> per byte), so a damaged length cannot cost a large allocation. Stateless; thread-safe.
/// </remarks>
internal static class CompressedBlock
{
    /// <summary>The largest uncompressed block the writer compresses and a reader accepts: 64 MiB.</summary>
    public const int MaxUncompressedLength = 64 << 20;

    /// <summary>
    /// The most output one byte of an LZ4 block can produce (a length-extension byte of 255), which bounds a valid
    /// block's uncompressed length by its stored length.
    /// </summary>
    public const int MaxExpansion = 255;

    /// <summary>The most bytes <see cref="TryCompress"/> needs in its destination for <paramref name="contentLength"/> bytes.</summary>
    public static int MaxStoredLength(int contentLength) => Varint.MaxLength32 + Lz4Block.MaxCompressedLength(contentLength);

    /// <summary>
    /// Writes the compressed form of <paramref name="contents"/> to <paramref name="destination"/> (of at least
    /// <see cref="MaxStoredLength"/> bytes) and returns its length, or 0 when it would not save an eighth of the
    /// contents; the caller then stores the block raw. May write scratch bytes anywhere in <paramref name="destination"/>.
    /// </summary>
    public static int TryCompress(ReadOnlySpan<byte> contents, Span<byte> destination)
    {
        if (contents.Length > MaxUncompressedLength)
        {
            return 0;
        }

        int limit = contents.Length - (contents.Length / 8);
        int header = Varint.Write(destination, (uint)contents.Length);
        int compressed = Lz4Block.Compress(contents, destination[header..]);
        int stored = header + compressed;
        return compressed > 0 && stored < limit ? stored : 0;
    }

    /// <summary>
    /// Decodes the stored bytes <paramref name="stored"/> of a compressed block into <paramref name="buffer"/>, growing it
    /// as needed, and returns the uncompressed length. A length out of bounds, a malformed LZ4 block or a block that
    /// decodes to another length is a <see cref="CorruptionException"/> naming <paramref name="path"/> and
    /// <paramref name="blockOffset"/>.
    /// </summary>
    public static int Decompress(ReadOnlySpan<byte> stored, scoped ref byte[]? buffer, string path, long blockOffset)
    {
        int length = DecodedLength(stored, path, blockOffset, out int header);
        if (buffer is null || buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, Math.Min(MaxUncompressedLength, (buffer?.Length ?? 0) * 2))];
        }

        DecodeTo(stored, header, buffer.AsSpan(0, length), path, blockOffset);
        return length;
    }

    /// <summary>
    /// The uncompressed length that the stored bytes <paramref name="stored"/> declare, bounded as the type's remarks
    /// say, and in <paramref name="header"/> the size of the length prefix. A length out of bounds is a
    /// <see cref="CorruptionException"/>.
    /// </summary>
    public static int DecodedLength(ReadOnlySpan<byte> stored, string path, long blockOffset, out int header)
    {
        if (!Varint.TryRead(stored, out uint declared, out header))
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "compressed block has a malformed length");
        }

        int lz4Length = stored.Length - header;
        if (declared > MaxUncompressedLength || declared > (ulong)lz4Length * MaxExpansion)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset,
                $"compressed block of {lz4Length} bytes declares an uncompressed length of {declared}");
        }

        return (int)declared;
    }

    /// <summary>
    /// Decodes the LZ4 block after the <paramref name="header"/> bytes of <paramref name="stored"/> into exactly
    /// <paramref name="destination"/> (of the length <see cref="DecodedLength"/> returned); anything else is a
    /// <see cref="CorruptionException"/>.
    /// </summary>
    public static void DecodeTo(ReadOnlySpan<byte> stored, int header, Span<byte> destination, string path, long blockOffset)
    {
        if (!Lz4Block.TryDecompress(stored[header..], destination, out int written) || written != destination.Length)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"compressed block does not decode to its {destination.Length} bytes");
        }
    }
}
