using System;
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
        if (!Varint.TryRead(stored, out uint declared, out int header))
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "compressed block has a malformed length");
        }

        ReadOnlySpan<byte> lz4 = stored[header..];
        if (declared > MaxUncompressedLength || declared > (ulong)lz4.Length * MaxExpansion)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset,
                $"compressed block of {lz4.Length} bytes declares an uncompressed length of {declared}");
        }

        int length = (int)declared;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, Math.Min(MaxUncompressedLength, (buffer?.Length ?? 0) * 2))];
        }

        if (!Lz4Block.TryDecompress(lz4, buffer.AsSpan(0, length), out int written) || written != length)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"compressed block does not decode to its {length} bytes");
        }

        return length;
    }
}
