using System;
using Engine.Api;
using Engine.Core.Errors;
using K4os.Compression.LZ4;

namespace Engine.Core.Compression;

/// <summary>
/// The LZ4 block format (the block format only, never the frame format) over K4os.Compression.LZ4's codec: its
/// fast compressor (level <see cref="LZ4Level.L00_FAST"/>) and its bounds-checked decoder, with the engine's contract
/// around them: a destination too small is a 0 from <see cref="Compress"/>, a malformed block is false from
/// <see cref="TryDecompress"/> or a <see cref="CorruptionException"/> from <see cref="Decompress"/>.
/// </summary>
/// <remarks>
/// A block is a run of sequences. Each sequence copies some literal bytes from the block and then repeats some bytes
/// already produced:
/// <code>
/// +-------+-----------------+-----------+--------------+-------------------+
/// | token | literal length+ | literals  | match offset | match length+     |
/// | 1 B   | 0..n B          | L bytes   | uint16 LE    | 0..n B            |
/// +-------+-----------------+-----------+--------------+-------------------+
/// token = (L4 &lt;&lt; 4) | M4, two 4-bit fields:
///   L = L4, and when L4 = 15 the "literal length+" bytes follow: each adds its value to L, and a byte
///       of 255 means another byte follows (15 + 255 + 255 + 7 is written 0xF_, 0xFF, 0xFF, 0x07).
///   match length = M4 + 4 (the minimum match), extended after the offset by the same 255 scheme when M4 = 15.
/// offset = distance back from the current output position to the start of the bytes to repeat, 1..65535.
/// </code>
/// The last sequence of a block is literals only, and the empty input is the single byte 0x00. A block does not
/// record its uncompressed length: the caller keeps it and passes a destination of that size. The library is used
/// rather than a codec of our own because it is measurably faster on table blocks (docs/benchmarks.md, "LZ4 block
/// codec"); both write the same format, so tables written by either read with the other. The library encodes the
/// empty input as no bytes and rejects 0x00, so this type handles the empty block itself, as the reference
/// implementation does. Neither direction writes past the destination span. Allocation-free; all members are
/// thread-safe.
/// </remarks>
internal static class Lz4Block
{
    /// <summary>The largest input <see cref="MaxCompressedLength"/> accepts, as in the reference implementation.</summary>
    public const int MaxInputLength = 0x7E000000;

    /// <summary>The pseudo-path that <see cref="Decompress"/> names in its <see cref="CorruptionException"/>.</summary>
    public const string CorruptionPath = "<lz4>";

    /// <summary>
    /// The largest block <see cref="Compress"/> can produce from <paramref name="inputLength"/> bytes:
    /// n + n/255 + 16, which covers a block made of literals alone.
    /// </summary>
    public static int MaxCompressedLength(int inputLength)
    {
        if ((uint)inputLength > MaxInputLength)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(inputLength), $"must be between 0 and {MaxInputLength}");
        }

        return inputLength + (inputLength / 255) + 16;
    }

    /// <summary>Compresses <paramref name="source"/> into one LZ4 block in <paramref name="destination"/>.</summary>
    /// <returns>
    /// The length of the block, or 0 when it does not fit in <paramref name="destination"/> (callers then store the
    /// bytes uncompressed). A destination of <see cref="MaxCompressedLength"/> bytes always fits.
    /// </returns>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            if (destination.IsEmpty)
            {
                return 0;
            }

            destination[0] = 0;
            return 1;
        }

        int length = LZ4Codec.Encode(source, destination, LZ4Level.L00_FAST);
        return length > 0 ? length : 0;
    }

    /// <summary>Decodes the LZ4 block <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>
    /// True with the decoded length in <paramref name="written"/>; false, with <paramref name="written"/> 0, when the
    /// block is malformed or decodes to more than <paramref name="destination"/> holds. On false, the contents of
    /// <paramref name="destination"/> are unspecified.
    /// </returns>
    public static bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        if (source.Length <= 1)
        {
            // The empty block is 0x00; no bytes at all is not a block.
            written = 0;
            return source.Length == 1 && source[0] == 0;
        }

        int length = LZ4Codec.Decode(source, destination);
        written = length > 0 ? length : 0;
        return length > 0;
    }

    /// <summary>
    /// Decodes the LZ4 block <paramref name="source"/> into <paramref name="destination"/> and returns the decoded
    /// length. A malformed block, or one that decodes to more than <paramref name="destination"/> holds, is a
    /// <see cref="CorruptionException"/> naming <see cref="CorruptionPath"/>.
    /// </summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!TryDecompress(source, destination, out int written))
        {
            ThrowHelper.ThrowCorruption(CorruptionPath, 0,
                $"LZ4 block of {source.Length} bytes is malformed or decodes to more than {destination.Length} bytes");
        }

        return written;
    }
}
