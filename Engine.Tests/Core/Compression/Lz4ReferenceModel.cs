namespace Engine.Tests.Core.Compression;

/// <summary>
/// A deliberately plain LZ4 block decoder written for the tests from the format description: byte by byte, with
/// 64-bit lengths, returning null for any malformed block. It accepts exactly what <c>Lz4Block</c> accepts, so the
/// two can be compared on arbitrary bytes, and it reports the sequences of a block for format checks.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class Lz4ReferenceModel
{
    internal readonly record struct Sequence(int LiteralLength, int Offset, int MatchLength, int InputPosition);

    /// <summary>Decodes <paramref name="block"/> into at most <paramref name="capacity"/> bytes, or returns null.</summary>
    public static byte[]? Decode(ReadOnlySpan<byte> block, int capacity) => Parse(block, capacity, null);

    /// <summary>The sequences of a well-formed block; the last one has <see cref="Sequence.MatchLength"/> 0.</summary>
    public static List<Sequence> Sequences(ReadOnlySpan<byte> block, int capacity)
    {
        List<Sequence> sequences = [];
        Assert.NotNull(Parse(block, capacity, sequences));
        return sequences;
    }

    private static byte[]? Parse(ReadOnlySpan<byte> block, int capacity, List<Sequence>? sequences)
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
            if (offset == 0 || offset > output.Count)
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
                output.Add(output[output.Count - offset]);
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
