using CsCheck;
using Engine.Core.Compression;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Compression;

[Trait("Category", "Randomized")]
public sealed class Lz4BlockPropertyTests(ITestOutputHelper output)
{
    /// <summary>
    /// Inputs built from segments that repeat earlier bytes at near and far distances (overlapping ones included),
    /// runs of one byte and fresh random bytes, so that most inputs hold many matches.
    /// </summary>
    private static readonly Gen<byte[]> s_structured =
        Gen.Select(Gen.Select(Gen.Int[0, 3], Gen.Int[1, 400]), Gen.Select(Gen.Int[1, 5000], Gen.Int[0, 255])).List
            .Select(segments =>
            {
                List<byte> bytes = [];
                foreach (((int kind, int length), (int distance, int value)) in segments)
                {
                    for (int i = 0; i < length; i++)
                    {
                        bytes.Add(kind switch
                        {
                            0 => (byte)(value + (i * 37) + (i >> 3)),
                            1 => (byte)value,
                            _ when bytes.Count == 0 => (byte)value,
                            2 => bytes[bytes.Count - 1 - ((distance - 1) % bytes.Count)],
                            _ => bytes[bytes.Count - 1 - ((distance - 1) % Math.Min(bytes.Count, 8))],
                        });
                    }
                }

                return bytes.ToArray();
            });

    [Fact]
    public void RoundTrip_RandomByteArrays_RestoresTheInput()
    {
        Gen.Byte.Array.Sample(output, RoundTrips, iter: 500);
    }

    [Fact]
    public void RoundTrip_StructuredInputs_RestoresTheInputAndFollowsTheFormatRules()
    {
        s_structured.Sample(output, input =>
        {
            byte[] block = Lz4BlockTests.Compressed(input);
            Lz4BlockTests.AssertFollowsEndOfBlockRules(block, input.Length);
            return RoundTrips(input);
        }, iter: 500);
    }

    [Fact]
    public void Compress_DestinationOneByteShort_ReturnsZero()
    {
        s_structured.Sample(output, input =>
        {
            int length = Lz4BlockTests.Compressed(input).Length;
            return Lz4Block.Compress(input, new byte[length - 1]) == 0 && Lz4Block.Compress(input, new byte[length]) == length;
        }, iter: 300);
    }

    private static bool RoundTrips(byte[] input)
    {
        byte[] block = new byte[Lz4Block.MaxCompressedLength(input.Length)];
        int length = Lz4Block.Compress(input, block);
        byte[] decoded = new byte[input.Length];
        return length > 0
            && Lz4Block.TryDecompress(block.AsSpan(0, length), decoded, out int written)
            && written == input.Length
            && decoded.AsSpan().SequenceEqual(input);
    }
}
