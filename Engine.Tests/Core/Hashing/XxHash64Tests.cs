using Engine.Core.Hashing;
using Engine.Tests.Core.Encoding;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Hashing;

[Trait("Category", "Unit")]
public sealed class XxHash64Tests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    public void Compute_PublishedVectors_Match(string text, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Compute(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    // Expected values come from the reference C library (libxxhash 0.8.1); the inputs are bytes 0, 1, 2, ...
    // (repeating after 255), at lengths that reach each path: tail only, exactly one stripe, stripes plus
    // every kind of tail, and many stripes.
    [Theory]
    [InlineData(0, 1UL, 0xD5AFBA1336A3BE4BUL)]
    [InlineData(31, 0UL, 0xC346D2B59B4D8EE1UL)]
    [InlineData(32, 0UL, 0xCBF59C5116FF32B4UL)]
    [InlineData(64, 7UL, 0x3C65D1809A38A9BFUL)]
    [InlineData(100, 12345UL, 0x028BA1AE2DE4DE27UL)]
    [InlineData(1024, 0UL, 0x6F3914F18FE4DF57UL)]
    public void Compute_ReferenceLibraryVectors_Match(int length, ulong seed, ulong expected)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.Equal(expected, XxHash64.Compute(data, seed));
    }

    [Fact]
    public void Compute_LargeSeed_MatchesReferenceLibrary()
    {
        Assert.Equal(0xA7CB2AAC405E36C7UL, XxHash64.Compute("abc"u8, 0x9E3779B185EBCA87));
    }

    [Fact]
    public void Compute_DoesNotAllocate()
    {
        byte[] data = new byte[4096];
        XxHash64.Compute(data);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ulong hash = XxHash64.Compute(data, 42);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.NotEqual(0UL, hash);
        Assert.Equal(before, after);
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void Compute_SameBytesAtAnyOffset_SameHash()
    {
        Gen<(byte[] Data, int Offset)> gen =
            Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i)).Zip(Gen.Choose(0, 15));
        Check.One(PropertySeed.Config(output, 500), Prop.ForAll(Arb.From(gen), input =>
        {
            byte[] shifted = new byte[input.Data.Length + input.Offset];
            input.Data.CopyTo(shifted, input.Offset);
            ulong direct = XxHash64.Compute(input.Data, 99);
            return direct == XxHash64.Compute(shifted.AsSpan(input.Offset), 99)
                && direct != XxHash64.Compute(input.Data, 100);
        }));
    }
}
