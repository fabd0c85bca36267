using CsCheck;
using Engine.Core.Hashing;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Hashing;

[Trait("Category", "Unit")]
public sealed class Crc32CTests(ITestOutputHelper output)
{
    [Fact]
    public void Compute_CheckString_MatchesCatalogue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_Rfc3720Vectors_Match()
    {
        byte[] ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] descending = ascending.Reverse().ToArray();

        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(ascending));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(descending));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0x12345678u, Crc32C.Extend(0x12345678, []));
    }

    [Fact]
    public void Compute_EveryTailLength_MatchesBitwiseReference()
    {
        byte[] data = new byte[80];
        new Random(3720).NextBytes(data);

        for (int length = 0; length <= data.Length; length++)
        {
            Assert.Equal(ReferenceCrc32C(data.AsSpan(0, length)), Crc32C.Compute(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Mask_RoundTripsAndChangesTheValue()
    {
        uint crc = Crc32C.Compute("foo"u8);

        Assert.NotEqual(crc, Crc32C.Mask(crc));
        Assert.NotEqual(crc, Crc32C.Mask(Crc32C.Mask(crc)));
        Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
        Assert.Equal(crc, Crc32C.Unmask(Crc32C.Unmask(Crc32C.Mask(Crc32C.Mask(crc)))));
    }

    [Fact]
    public void Mask_MatchesLevelDbFormula()
    {
        // ((crc >> 15) | (crc << 17)) + 0xa282ead8, worked by hand for crc = 0x00008000: rotate gives 1.
        Assert.Equal(0xA282EAD9u, Crc32C.Mask(0x0000_8000));
        Assert.Equal(0xA282EAD8u, Crc32C.Mask(0));
        Assert.Equal(0u, Crc32C.Unmask(0xA282EAD8));
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void Extend_AnySplit_EqualsOneShot()
    {
        Gen<(byte[] Data, int Split)> gen =
            Gen.Byte.Array.SelectMany(data => Gen.Int[0, data.Length].Select(split => (data, split)));
        gen.Sample(output, input =>
        {
            ReadOnlySpan<byte> data = input.Data;
            uint oneShot = Crc32C.Compute(data);
            uint split = Crc32C.Extend(Crc32C.Compute(data[..input.Split]), data[input.Split..]);
            return oneShot == split && oneShot == ReferenceCrc32C(data);
        }, iter: 1000);
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void Mask_RandomValues_RoundTrip()
    {
        Gen<uint> gen = Gen.UInt;
        gen.Sample(output, crc =>
            Crc32C.Unmask(Crc32C.Mask(crc)) == crc && Crc32C.Mask(Crc32C.Unmask(crc)) == crc, iter: 1000);
    }

    /// <summary>One bit at a time over the reflected polynomial: slow, obviously right, independent of the code under test.</summary>
    private static uint ReferenceCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1;
            }
        }

        return ~crc;
    }
}
