namespace Engine.Tests.Core.Compression;

/// <summary>
/// A deliberately plain LZ4 block decoder written for the tests from the format description: byte by byte, with
/// 64-bit lengths, returning null for any malformed block. It accepts every block <c>Lz4Block</c> accepts (which also
/// enforces the reference decoder's end-of-block rules), so the two can be compared on arbitrary bytes; it decodes
/// blocks from any compressor, so it checks that blocks written by one codec read with another; and it reports the
/// sequences of a block for format checks.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class Lz4ReferenceModel
{
    internal readonly record struct Sequence(int LiteralLength, int Offset, int MatchLength, int InputPosition);

    /// <summary>Decodes <paramref name="block"/> into at most <paramref name="capacity"/> bytes, or returns null.</summary>
    /// <param name="block">The LZ4 block.</param>
    /// <param name="capacity">The most bytes the block may decode to.</param>
    /// <param name="allowZeroOffset">
    /// Accepts a match offset of 0, as the reference decoder (and so the library's) does: it repeats bytes of the
    /// destination not yet written, so the model writes zeros there and only the block's shape is comparable.
    /// </param>
    public static byte[]? Decode(ReadOnlySpan<byte> block, int capacity, bool allowZeroOffset = false) =>
        Parse(block, capacity, null, allowZeroOffset);

    /// <summary>The sequences of a well-formed block; the last one has <see cref="Sequence.MatchLength"/> 0.</summary>
    public static List<Sequence> Sequences(ReadOnlySpan<byte> block, int capacity)
    {
        List<Sequence> sequences = [];
        Assert.NotNull(Parse(block, capacity, sequences, allowZeroOffset: false));
        return sequences;
    }

    private static byte[]? Parse(ReadOnlySpan<byte> block, int capacity, List<Sequence>? sequences, bool allowZeroOffset)
    {
        if (block.IsEmpty)
        {
            return null;
        }

        List<byte> output = [];
        int position = 0;
        while (true)
        {
            if (position >= block.Length)
            {
                return null;
            }

            int token = block[position++];
            long literalLength = token >> 4;
            if (literalLength == 15 && !ReadMore(block, ref position, ref literalLength))
            {
                return null;
            }

            if (literalLength > block.Length - position || output.Count + literalLength > capacity)
            {
                return null;
            }

            int sequenceStart = output.Count;
            for (int i = 0; i < literalLength; i++)
            {
                output.Add(block[position++]);
            }

            if (position == block.Length)
            {
                sequences?.Add(new Sequence((int)literalLength, 0, 0, sequenceStart));
                return [.. output];
            }

            if (block.Length - position < 2)
            {
                return null;
            }

            int offset = block[position] + (256 * block[position + 1]);
            position += 2;
            if ((offset == 0 && !allowZeroOffset) || offset > output.Count)
            {
                return null;
            }

            long matchLength = token & 15;
            if (matchLength == 15 && !ReadMore(block, ref position, ref matchLength))
            {
                return null;
            }

            matchLength += 4;
            if (output.Count + matchLength > capacity)
            {
                return null;
            }

            sequences?.Add(new Sequence((int)literalLength, offset, (int)matchLength, sequenceStart));
            for (long i = 0; i < matchLength; i++)
            {
                output.Add(offset == 0 ? (byte)0 : output[output.Count - offset]);
            }
        }
    }

    private static bool ReadMore(ReadOnlySpan<byte> block, ref int position, ref long length)
    {
        while (true)
        {
            if (position >= block.Length)
            {
                return false;
            }

            byte value = block[position++];
            length += value;
            if (value != 255)
            {
                return true;
            }
        }
    }
}
