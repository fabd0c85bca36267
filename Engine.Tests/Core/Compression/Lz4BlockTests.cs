using Engine.Core.Compression;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Core.Compression;

[Trait("Category", "Unit")]
public sealed class Lz4BlockTests
{
    public static TheoryData<string> Inputs => ["zeros-1MiB", "random-64KiB", "text-64KiB", "half-64KiB", "mixed-200KiB", "text-4KiB", "half-4KiB"];

    [Theory]
    [InlineData(0, 16)]
    [InlineData(1, 17)]
    [InlineData(254, 270)]
    [InlineData(255, 272)]
    [InlineData(4096, 4096 + 16 + 16)]
    [InlineData(Lz4Block.MaxInputLength, Lz4Block.MaxInputLength + (Lz4Block.MaxInputLength / 255) + 16)]
    public void MaxCompressedLength_Length_IsLengthPlusOne255thPlus16(int length, int expected)
    {
        Assert.Equal(expected, Lz4Block.MaxCompressedLength(length));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Lz4Block.MaxInputLength + 1)]
    [InlineData(int.MaxValue)]
    public void MaxCompressedLength_OutOfRange_Throws(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Lz4Block.MaxCompressedLength(length));
    }

    [Fact]
    public void Compress_Empty_IsOneZeroTokenThatDecodesToNothing()
    {
        byte[] block = new byte[Lz4Block.MaxCompressedLength(0)];
        int length = Lz4Block.Compress([], block);

        Assert.Equal([0x00], block.AsSpan(0, length).ToArray());
        Assert.Equal(0, Lz4Block.Decompress(block.AsSpan(0, length), []));
        Assert.True(Lz4Block.TryDecompress(block.AsSpan(0, length), new byte[8], out int written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void Compress_ShorterThan13Bytes_IsLiteralsOnly(int length)
    {
        // Even all-equal bytes stay literals: a match must start 12 bytes before the end and leave 5 literals.
        byte[] input = new byte[length];
        input.AsSpan().Fill((byte)'z');
        byte[] block = new byte[Lz4Block.MaxCompressedLength(length)];
        int compressed = Lz4Block.Compress(input, block);

        Assert.Equal([(byte)(length << 4), .. input], block.AsSpan(0, compressed).ToArray());
        AssertRoundTrip(input);
    }

    [Fact]
    public void Compress_ShortInputs_RoundTripAtEveryLength()
    {
        byte[] pattern = "abcabcabcabcabcabcabcabcabcabcabcabc_xyzxyzxyzxyz-abcabcabcabc"u8.ToArray();
        for (int length = 0; length <= pattern.Length; length++)
        {
            AssertRoundTrip(pattern.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void RoundTrip_Input_RestoresTheBytesAndFollowsTheFormatRules(string name)
    {
        byte[] input = Input(name);
        byte[] block = Compressed(input);

        AssertRoundTrip(input);
        AssertFollowsEndOfBlockRules(block, input.Length);
    }

    [Fact]
    public void Compress_AllZeros1MiB_ShrinksMoreThan200Times()
    {
        byte[] input = new byte[1 << 20];
        Assert.True(Compressed(input).Length < input.Length / 200);
    }

    [Fact]
    public void Compress_RandomBytes_GrowsByLessThanTheBound()
    {
        byte[] input = Lz4TestData.RandomBytes(new Random(7), 100_000);
        int length = Compressed(input).Length;
        Assert.InRange(length, input.Length, Lz4Block.MaxCompressedLength(input.Length));
    }

    [Fact]
    public void Compress_HalfCompressible_ReachesTheRatioOfItsRepeats()
    {
        // Each 100 bytes become a token, 50 literals, a literal length byte, an offset and a match length byte: 55.
        byte[] input = Lz4TestData.HalfCompressible(new Random(11), 1 << 20);
        double ratio = (double)input.Length / Compressed(input).Length;
        Assert.InRange(ratio, 1.75, 1.85);
    }

    [Fact]
    public void Compress_RepeatFartherThanMaxOffset_IsNotMatchedButRoundTrips()
    {
        byte[] chunk = Lz4TestData.RandomBytes(new Random(3), 70_000);
        byte[] input = [.. chunk, .. chunk];
        byte[] block = Compressed(input);

        Assert.True(block.Length > input.Length);
        AssertRoundTrip(input);
    }

    [Fact]
    public void Compress_DestinationSizes_FitExactlyAtTheCompressedLength()
    {
        byte[] input = Lz4TestData.Mixed(new Random(5), 3000);
        byte[] expected = Compressed(input);
        for (int size = 0; size <= expected.Length + 20; size++)
        {
            byte[] destination = new byte[size];
            int length = Lz4Block.Compress(input, destination);
            if (size < expected.Length)
            {
                Assert.Equal(0, length);
            }
            else
            {
                Assert.Equal(expected, destination.AsSpan(0, length).ToArray());
            }
        }
    }

    [Fact]
    public void Decompress_DestinationTooSmall_IsCorruptionAndTryReturnsFalse()
    {
        byte[] input = Lz4TestData.Text(new Random(9), 5000);
        byte[] block = Compressed(input);
        byte[] destination = new byte[input.Length - 1];

        CorruptionException ex = Assert.Throws<CorruptionException>(() => Lz4Block.Decompress(block, destination));
        Assert.Equal(Lz4Block.CorruptionPath, ex.FilePath);
        Assert.False(Lz4Block.TryDecompress(block, destination, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Decompress_LargerDestination_ReturnsTheDecodedLength()
    {
        byte[] input = Lz4TestData.Text(new Random(13), 5000);
        byte[] destination = new byte[input.Length + 1000];

        int written = Lz4Block.Decompress(Compressed(input), destination);

        Assert.Equal(input.Length, written);
        Assert.Equal(input, destination.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void CompressAndDecompress_IntoSlices_NeverWritePastTheSlice()
    {
        byte[] input = Lz4TestData.Mixed(new Random(19), 3000);
        int compressedLength = Compressed(input).Length;
        byte[] blockBuffer = new byte[compressedLength + 64];
        blockBuffer.AsSpan().Fill(0xEE);
        Assert.Equal(compressedLength, Lz4Block.Compress(input, blockBuffer.AsSpan(0, compressedLength)));
        Assert.All(blockBuffer.AsSpan(compressedLength).ToArray(), b => Assert.Equal(0xEE, b));

        byte[] outputBuffer = new byte[input.Length + 64];
        outputBuffer.AsSpan().Fill(0xEE);
        Assert.Equal(input.Length, Lz4Block.Decompress(blockBuffer.AsSpan(0, compressedLength), outputBuffer.AsSpan(0, input.Length)));
        Assert.Equal(input, outputBuffer.AsSpan(0, input.Length).ToArray());
        Assert.All(outputBuffer.AsSpan(input.Length).ToArray(), b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void Compress_ConcurrentThreads_EachRoundTrips()
    {
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            Random random = new(worker);
            for (int i = 0; i < 50; i++)
            {
                AssertRoundTrip(Lz4TestData.Mixed(random, random.Next(0, 20_000)));
            }
        });
    }

    [Fact]
    public void CompressAndDecompress_4KiBBlocksAfterWarmUp_AllocateNothing()
    {
        byte[] input = Lz4TestData.Mixed(new Random(17), 4096);
        byte[] block = new byte[Lz4Block.MaxCompressedLength(input.Length)];
        byte[] output = new byte[input.Length];
        for (int i = 0; i < 200; i++)
        {
            Lz4Block.Decompress(block.AsSpan(0, Lz4Block.Compress(input, block)), output);
        }

        // A per-call allocation shows in every round; a one-off runtime allocation (tier-up while the suite runs
        // in parallel) in one round at most. So one clean round out of three proves the steady state.
        long[] rounds = new long[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                int length = Lz4Block.Compress(input, block);
                Lz4Block.Decompress(block.AsSpan(0, length), output);
                Lz4Block.TryDecompress(block.AsSpan(0, length), output, out _);
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Contains(0L, rounds);
        Assert.Equal(input, output);
    }

    [Fact]
    public void CompressionType_Values_MatchTheTrailerTypeByte()
    {
        Assert.Equal(0, (byte)CompressionType.None);
        Assert.Equal(1, (byte)CompressionType.Lz4);
    }

    internal static byte[] Compressed(ReadOnlySpan<byte> input)
    {
        byte[] block = new byte[Lz4Block.MaxCompressedLength(input.Length)];
        int length = Lz4Block.Compress(input, block);
        Assert.True(length > 0);
        return block.AsSpan(0, length).ToArray();
    }

    internal static void AssertRoundTrip(byte[] input)
    {
        byte[] block = Compressed(input);
        Assert.InRange(block.Length, 1, Lz4Block.MaxCompressedLength(input.Length));
        byte[] output = new byte[input.Length];
        Assert.Equal(input.Length, Lz4Block.Decompress(block, output));
        Assert.Equal(input, output);
        Assert.Equal(input, Lz4ReferenceModel.Decode(block, input.Length));
    }

    /// <summary>
    /// The compressor's side of the format: every match is 4+ bytes at an offset of 1..65535, the last sequence is
    /// literals only, the last 5 input bytes are literals and the last match starts 12 or more bytes before the end.
    /// </summary>
    internal static void AssertFollowsEndOfBlockRules(ReadOnlySpan<byte> block, int inputLength)
    {
        List<Lz4ReferenceModel.Sequence> sequences = Lz4ReferenceModel.Sequences(block, inputLength);
        Lz4ReferenceModel.Sequence last = sequences[^1];
        Assert.Equal(0, last.MatchLength);
        Assert.True(inputLength < 5 || last.LiteralLength >= 5, "the last 5 bytes must be literals");
        int position = 0;
        foreach (Lz4ReferenceModel.Sequence sequence in sequences.Take(sequences.Count - 1))
        {
            int matchStart = position + sequence.LiteralLength;
            Assert.InRange(sequence.Offset, 1, 65535);
            Assert.True(sequence.MatchLength >= 4);
            Assert.True(matchStart <= inputLength - 12, $"a match starts at {matchStart} of {inputLength}");
            Assert.True(matchStart + sequence.MatchLength <= inputLength - 5, "a match reaches into the last 5 bytes");
            position = matchStart + sequence.MatchLength;
        }

        Assert.Equal(inputLength, position + last.LiteralLength);
    }

    private static byte[] Input(string name)
    {
        Random random = new(name.Length);
        return name switch
        {
            "zeros-1MiB" => new byte[1 << 20],
            "random-64KiB" => Lz4TestData.RandomBytes(random, 1 << 16),
            "text-64KiB" => Lz4TestData.Text(random, 1 << 16),
            "half-64KiB" => Lz4TestData.HalfCompressible(random, 1 << 16),
            "mixed-200KiB" => Lz4TestData.Mixed(random, 200 << 10),
            "text-4KiB" => Lz4TestData.Text(random, 4096),
            "half-4KiB" => Lz4TestData.HalfCompressible(random, 4096),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
