using Engine.Api;

namespace Engine.Tests.Api;

[Trait("Category", "Unit")]
public sealed class KeyRangeTests
{
    [Fact]
    public void NullArrays_MeanNoBound_NotAnEmptyKey()
    {
        byte[]? none = null;

        Assert.Equal(KeyRange.All, KeyRange.From(none));
        Assert.Equal(KeyRange.All, KeyRange.Below(none));
        Assert.Equal(KeyRange.All, KeyRange.Between(none, none));
        Assert.False(KeyRange.Below(none).HasUpperBound);
        Assert.True(KeyRange.Below(none).Contains("zzz"u8));
        Assert.True(KeyRange.Below([]).HasUpperBound);
        Assert.False(KeyRange.Below([]).Contains("a"u8));
    }

    [Fact]
    public void Prefix_NullArray_ThrowsArgumentNull()
    {
        byte[]? none = null;

        Assert.Throws<ArgumentNullException>(() => KeyRange.Prefix(none!));
    }

    [Theory]
    [InlineData("61", "61", "62")]
    [InlineData("61FF", "61FF", "62")]
    [InlineData("FFFF", "FFFF", null)]
    [InlineData("", null, null)]
    public void Prefix_BoundsAreThePrefixAndItsSuccessor(string prefixHex, string? lowerHex, string? upperHex)
    {
        KeyRange range = KeyRange.Prefix(Convert.FromHexString(prefixHex));

        Assert.Equal(lowerHex is not null, range.HasLowerBound);
        Assert.Equal(upperHex is not null, range.HasUpperBound);
        Assert.Equal(lowerHex ?? "", Convert.ToHexString(range.LowerBound));
        Assert.Equal(upperHex ?? "", Convert.ToHexString(range.UpperBound));
    }

    [Fact]
    public void Between_LowerAboveUpper_ThrowsArgument_EqualBoundsAreEmpty()
    {
        Assert.Throws<ArgumentException>(() => KeyRange.Between("b"u8.ToArray(), "a"u8.ToArray()));

        KeyRange empty = KeyRange.Between("a"u8.ToArray(), "a"u8.ToArray());
        Assert.False(empty.Contains("a"u8));
    }

    [Fact]
    public void Contains_LowerInclusiveUpperExclusive()
    {
        KeyRange range = KeyRange.Between("b"u8.ToArray(), "d"u8.ToArray());

        Assert.False(range.Contains("a"u8));
        Assert.True(range.Contains("b"u8));
        Assert.True(range.Contains("cz"u8));
        Assert.False(range.Contains("d"u8));
    }

    [Fact]
    public void Bounds_AreCopied_LaterChangesToTheArrayDoNotMoveThem()
    {
        byte[] lower = "b"u8.ToArray();
        KeyRange range = KeyRange.From(lower);
        lower[0] = (byte)'z';

        Assert.True(range.Contains("c"u8));
        Assert.Equal("b"u8.ToArray(), range.LowerBound.ToArray());
    }
}
