using System.Buffers.Binary;
using Engine.Core.Compression;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Compression;

/// <summary>
/// Tables on disk may hold blocks of the engine's earlier, hand-written compressor, and tables written with
/// K4os.Compression.LZ4 must stay readable by builds that decode with the hand-written decoder: both directions of
/// the one on-disk format.
/// </summary>
/// <remarks>
/// <c>testdata/lz4-blocks-of-the-former-codec.bin</c> holds inputs and the blocks the former compressor made of them,
/// as records <c>| input length (int32 LE) | input | block length (int32 LE) | block |</c>: text, half-compressible,
/// mixed and random bytes, zeros, the empty input and a block larger than the default block size.
/// </remarks>
[Trait("Category", "Unit")]
public sealed class Lz4BlockCompatibilityTests(ITestOutputHelper output)
{
    private static readonly string s_formerBlocks = Path.Combine(AppContext.BaseDirectory, "Core", "Compression", "testdata", "lz4-blocks-of-the-former-codec.bin");

    [Fact]
    public void Decompress_BlocksOfTheFormerCodec_RestoreTheirInputs()
    {
        int records = 0;
        foreach ((byte[] input, byte[] block) in FormerBlocks())
        {
            byte[] destination = new byte[input.Length];
            Assert.Equal(input.Length, Lz4Block.Decompress(block, destination));
            Assert.Equal(input, destination);
            records++;
        }

        Assert.Equal(10, records);
    }

    [Fact]
    public void Compress_SameInputs_ReadWithTheFormerDecodersRules()
    {
        // The reference model accepts exactly what the former decoder accepted.
        foreach ((byte[] input, _) in FormerBlocks())
        {
            byte[] block = Lz4BlockTests.Compressed(input);
            Assert.Equal(input, Lz4ReferenceModel.Decode(block, input.Length));
        }
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void Compress_RandomInputs_ReadWithTheFormerDecodersRules()
    {
        Random random = new(TestSeed.Get(output, nameof(Compress_RandomInputs_ReadWithTheFormerDecodersRules)));
        for (int round = 0; round < 400; round++)
        {
            int length = random.Next(0, 5000);
            byte[] input = (round % 4) switch
            {
                0 => Lz4TestData.Text(random, length),
                1 => Lz4TestData.HalfCompressible(random, length),
                2 => Lz4TestData.Mixed(random, length),
                _ => Lz4TestData.RandomBytes(random, length),
            };
            byte[] block = Lz4BlockTests.Compressed(input);
            Lz4BlockTests.AssertFollowsEndOfBlockRules(block, input.Length);
            Assert.Equal(input, Lz4ReferenceModel.Decode(block, input.Length));
        }
    }

    private static IEnumerable<(byte[] Input, byte[] Block)> FormerBlocks()
    {
        byte[] file = File.ReadAllBytes(s_formerBlocks);
        int at = 0;
        while (at < file.Length)
        {
            int inputLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at));
            byte[] input = file.AsSpan(at + 4, inputLength).ToArray();
            at += 4 + inputLength;
            int blockLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at));
            byte[] block = file.AsSpan(at + 4, blockLength).ToArray();
            at += 4 + blockLength;
            yield return (input, block);
        }
    }
}
