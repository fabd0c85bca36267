using Engine.Core.Compression;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Core.Compression;

/// <summary>
/// The decoder as a parser of untrusted bytes: damaged blocks decode to something or raise
/// <see cref="CorruptionException"/>, never another exception, and what decodes agrees with the plain reference model.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class Lz4BlockRobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Decompress_EveryTruncation_DecodesOrIsCorruption()
    {
        Random random = new(TestSeed.Get(output, nameof(Decompress_EveryTruncation_DecodesOrIsCorruption)));
        byte[][] inputs =
        [
            Lz4TestData.Text(random, 2000),
            Lz4TestData.HalfCompressible(random, 2000),
            Lz4TestData.Mixed(random, 3000),
            new byte[5000],
            Lz4TestData.RandomBytes(random, 600),
        ];
        foreach (byte[] input in inputs)
        {
            byte[] block = Lz4BlockTests.Compressed(input);
            for (int length = 0; length < block.Length; length++)
            {
                AssertDecodesLikeTheModel(block.AsSpan(0, length).ToArray(), input.Length);
            }
        }
    }

    [Fact]
    public void Decompress_RandomMutations_DecodeOrAreCorruption()
    {
        Random random = new(TestSeed.Get(output, nameof(Decompress_RandomMutations_DecodeOrAreCorruption)));
        int corrupt = 0;
        const int Rounds = 5000;
        for (int round = 0; round < Rounds; round++)
        {
            byte[] input = (round % 4) switch
            {
                0 => Lz4TestData.Text(random, random.Next(1, 3000)),
                1 => Lz4TestData.HalfCompressible(random, random.Next(1, 3000)),
                2 => Lz4TestData.Mixed(random, random.Next(1, 3000)),
                _ => new byte[random.Next(1, 3000)],
            };
            byte[] block = Mutate(random, Lz4BlockTests.Compressed(input));
            int capacity = random.Next(3) switch
            {
                0 => input.Length,
                1 => random.Next(0, input.Length + 1),
                _ => input.Length + random.Next(1, 5000),
            };
            if (!AssertDecodesLikeTheModel(block, capacity))
            {
                corrupt++;
            }
        }

        output.WriteLine($"{corrupt} of {Rounds} mutated blocks were rejected");
        Assert.InRange(corrupt, 1, Rounds);
    }

    [Fact]
    public void Decompress_RandomBytes_DecodeOrAreCorruption()
    {
        Random random = new(TestSeed.Get(output, nameof(Decompress_RandomBytes_DecodeOrAreCorruption)));
        for (int round = 0; round < 3000; round++)
        {
            byte[] block = Lz4TestData.RandomBytes(random, random.Next(0, 200));
            if (round % 2 == 0 && block.Length > 0)
            {
                // Small tokens make long chains of valid-looking sequences more likely.
                for (int i = 0; i < block.Length; i += 3)
                {
                    block[i] &= 0x11;
                }
            }

            AssertDecodesLikeTheModel(block, random.Next(0, 2000));
        }
    }

    /// <summary>Returns whether the block decoded; fails on any exception but a corruption report.</summary>
    private static bool AssertDecodesLikeTheModel(byte[] block, int capacity)
    {
        byte[] destination = new byte[capacity];
        byte[]? expected = Lz4ReferenceModel.Decode(block, capacity);
        bool decoded = Lz4Block.TryDecompress(block, destination, out int written);

        // The codec also enforces the reference decoder's end-of-block rules, which the model does not, so it may
        // reject what the model decodes. The other way round, it accepts only what the model does once a match offset
        // of 0 is allowed: the reference decoder accepts one (it repeats destination bytes not yet written, never
        // touching memory outside the destination), so such a block decodes to unspecified bytes, never to an exception.
        if (decoded && expected is null)
        {
            Assert.NotNull(Lz4ReferenceModel.Decode(block, capacity, allowZeroOffset: true));
            Assert.Equal(written, Lz4Block.Decompress(block, destination));
            return true;
        }
        try
        {
            int length = Lz4Block.Decompress(block, destination);
            Assert.True(decoded, "Decompress succeeded where TryDecompress failed");
            Assert.Equal(written, length);
            Assert.Equal(expected, destination.AsSpan(0, length).ToArray());
            return true;
        }
        catch (CorruptionException ex)
        {
            Assert.False(decoded, $"Decompress failed where TryDecompress succeeded: {ex.Message}");
            Assert.Equal(Lz4Block.CorruptionPath, ex.FilePath);
            Assert.InRange(ex.Offset, 0, block.Length);
            return false;
        }
    }

    private static byte[] Mutate(Random random, byte[] block)
    {
        List<byte> bytes = [.. block];
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 4:
                    for (int i = at; i < Math.Min(bytes.Count, at + random.Next(1, 8)); i++)
                    {
                        bytes[i] = 0xFF;
                    }

                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
