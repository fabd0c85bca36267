using CsCheck;
using Engine.Lsm.Bloom;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Bloom;

/// <summary>
/// The filter hash is part of the stored filter format: tables on disk may have been built by the engine's earlier,
/// hand-written XXH64, and the library's XXH64 must give the same value for every key, or their filters would answer
/// "absent" for present keys.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BloomFilterHashTests(ITestOutputHelper output)
{
    // Values the hand-written XXH64 (seed 0) gives for these keys; the first three are also the published vectors.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("user:1", 0xD9C7C4609E6080F3UL)]
    [InlineData("key0000000000000042", 0x905FCC3BAE1006FFUL)]
    [InlineData("0123456789abcdef0123456789abcdef", 0x642A94958E71E6C5UL)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x0B242D361FDA71BCUL)]
    public void Hash_KeysHashedByTheFormerCodec_GiveTheSameValues(string key, ulong expected)
    {
        Assert.Equal(expected, BloomFilterBuilder.Hash(System.Text.Encoding.ASCII.GetBytes(key)));
    }

    // Reference C library (libxxhash 0.8.1) values for bytes 0, 1, 2, ... at lengths that reach every path of the
    // algorithm: tail only, exactly one stripe, stripes plus every kind of tail, many stripes.
    [Theory]
    [InlineData(31, 0xC346D2B59B4D8EE1UL)]
    [InlineData(32, 0xCBF59C5116FF32B4UL)]
    [InlineData(1024, 0x6F3914F18FE4DF57UL)]
    public void Hash_ReferenceLibraryVectors_Match(int length, ulong expected)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.Equal(expected, BloomFilterBuilder.Hash(data));
    }

    [Fact]
    public void Hash_DoesNotAllocate()
    {
        byte[] data = new byte[4096];
        BloomFilterBuilder.Hash(data);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ulong hash = BloomFilterBuilder.Hash(data);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.NotEqual(0UL, hash);
        Assert.Equal(before, after);
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void Hash_SameBytesAtAnyOffset_SameHash()
    {
        Gen.Select(Gen.Byte.Array, Gen.Int[0, 15]).Sample(output, input =>
        {
            (byte[] data, int offset) = input;
            byte[] shifted = new byte[data.Length + offset];
            data.CopyTo(shifted, offset);
            return BloomFilterBuilder.Hash(data) == BloomFilterBuilder.Hash(shifted.AsSpan(offset));
        }, iter: 500);
    }
}
