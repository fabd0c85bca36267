using System.Text;
using Engine.Bench.Kv;

namespace Engine.Tests.Bench.Kv;

/// <summary>The key/value sequence reproduces the peers rig's (shared/peers/README.md, "Key sequence").</summary>
[Trait("Category", "Unit")]
public sealed class KeyGeneratorTests
{
    [Fact]
    public void KeyCheck_N1000_MatchesRigHash()
    {
        // The hash kvbench and sqlitebench print for --keycheck --n 1000 (default seed 42).
        Assert.Equal(0xa176abce8dfd5f39UL, KeyGenerator.KeyCheck(1000, 42));
    }

    [Fact]
    public void KeyCheck_OtherSeed_Differs()
    {
        Assert.NotEqual(KeyGenerator.KeyCheck(1000, 42), KeyGenerator.KeyCheck(1000, 43));
    }

    [Fact]
    public void SplitMix64_FirstOutputsFromZero_MatchReference()
    {
        // Reference outputs of splitmix64 seeded with 0.
        SplitMix64 rng = new(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.Next());
        Assert.Equal(0x06C45D188009454FUL, rng.Next());
    }

    [Theory]
    [InlineData(0UL, "0000000000000000")]
    [InlineData(42UL, "0000000000000042")]
    [InlineData(1999999999999999UL, "1999999999999999")]
    public void MakeKey_PadsDecimalDigits(ulong x, string expected)
    {
        byte[] key = new byte[KeyGenerator.KeySize];
        KeyGenerator.MakeKey(x, key);
        Assert.Equal(expected, Encoding.ASCII.GetString(key));
    }

    [Fact]
    public void MakeValue_IsTwoEqualHalvesThatDependOnKeyAndTag()
    {
        byte[] value = new byte[KeyGenerator.ValueSize];
        byte[] other = new byte[KeyGenerator.ValueSize];
        KeyGenerator.MakeValue(7, KeyTag.FillRandom, value);

        Assert.True(value.AsSpan(0, 50).SequenceEqual(value.AsSpan(50)));
        KeyGenerator.MakeValue(7, KeyTag.Overwrite, other);
        Assert.False(value.AsSpan().SequenceEqual(other));
        KeyGenerator.MakeValue(9, KeyTag.FillRandom, other);
        Assert.False(value.AsSpan().SequenceEqual(other));
    }

    [Fact]
    public void KeySequence_FillRandom_VisitsEveryPresentKeyOnce()
    {
        const ulong N = 5000;
        KeySequence keys = new(KeyTag.FillRandom, N, 42);
        List<ulong> seen = [];
        for (ulong i = 0; i < N; i++)
        {
            ulong x = keys.Next();
            Assert.Equal(x, keys.At(i));
            seen.Add(x);
        }

        Assert.Equal(Enumerable.Range(0, (int)N).Select(i => 2UL * (ulong)i), seen.Order());
        Assert.NotEqual(seen.Order(), seen);
    }

    [Fact]
    public void KeySequence_ReadMissing_DrawsOnlyAbsentKeysInRange()
    {
        const ulong N = 1000;
        KeySequence keys = new(KeyTag.ReadMissing, N, 42);
        for (int i = 0; i < 10_000; i++)
        {
            ulong x = keys.Next();
            Assert.Equal(1UL, x % 2);
            Assert.True(x < 2 * N);
        }
    }
}
