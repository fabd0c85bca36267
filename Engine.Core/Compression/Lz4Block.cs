using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Compression;

/// <summary>
/// A codec for the LZ4 block format (the block format only, never the frame format), written from the published
/// format description: a fast greedy compressor and a decoder that treats its input as untrusted.
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
///   An offset smaller than the match length repeats a pattern (offset 1 is a run of one byte).
/// </code>
/// The last sequence of a block is literals only: the token and literals, no offset, and the block ends right after
/// them (the empty input is the single byte 0x00). The format also requires of a compressor that the last 5 bytes
/// of the input be literals and that the last match start at least 12 bytes before the end of the input, so an
/// input shorter than 13 bytes is all literals. A block does not record its uncompressed length: the caller keeps it
/// and passes a destination of that size.
/// <para>
/// Both directions copy short runs in fixed 16-byte steps, so they may overwrite bytes of the destination span past
/// the length they return (never past the span): pass a slice that holds nothing else. The compressor and the
/// decoder are allocation-free in steady state (the compressor keeps one hash table per thread). All members are
/// thread-safe.
/// </para>
/// </remarks>
internal static partial class Lz4Block
{
    /// <summary>The largest input <see cref="MaxCompressedLength"/> accepts, as in the reference implementation.</summary>
    public const int MaxInputLength = 0x7E000000;

    /// <summary>The pseudo-path that <see cref="Decompress"/> names in its <see cref="CorruptionException"/>.</summary>
    public const string CorruptionPath = "<lz4>";

    private const int MinMatch = 4;
    private const int LastLiterals = 5;
    private const int MatchFindLimit = 12;
    private const int MinInputForMatch = MatchFindLimit + 1;
    private const int MaxOffset = 65535;
    private const int LengthNibbleMax = 15;
    private const int LengthExtensionMax = 255;

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
}
