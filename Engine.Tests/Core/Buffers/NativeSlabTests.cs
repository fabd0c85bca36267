using Engine.Core.Buffers;

namespace Engine.Tests.Core.Buffers;

[Trait("Category", "Unit")]
public sealed class NativeSlabTests
{
    [Fact]
    public void WriteInt32_ThenRead_ReturnsTheValueAtEachOffset()
    {
        using NativeSlab slab = new(64);

        slab.WriteInt32(0, 11);
        slab.WriteInt32(5, -7);
        slab.WriteInt32Release(12, 42);

        Assert.Equal(11, slab.ReadInt32(0));
        Assert.Equal(-7, slab.ReadInt32(5));
        Assert.Equal(42, slab.ReadInt32Acquire(12));
    }

    [Fact]
    public void CompareExchangeInt32_SwapsOnlyOnMatch()
    {
        using NativeSlab slab = new(16);
        slab.WriteInt32(4, 1);

        Assert.Equal(1, slab.CompareExchangeInt32(4, 2, comparand: 9));
        Assert.Equal(1, slab.ReadInt32(4));
        Assert.Equal(1, slab.CompareExchangeInt32(4, 2, comparand: 1));
        Assert.Equal(2, slab.ReadInt32(4));
    }

    [Fact]
    public void Span_SeesWhatTheAccessorsWrote()
    {
        using NativeSlab slab = new(32);
        slab.Span(8, 4).Fill(0xAB);

        Assert.Equal(unchecked((int)0xABABABAB), slab.ReadInt32(8));
        Assert.Equal(4, slab.Span(28, 4).Length);
        Assert.Equal(0, slab.Span(32, 0).Length);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 33)]
    [InlineData(30, 3)]
    [InlineData(33, 0)]
    public void Span_OutsideTheSlab_Throws(int offset, int length)
    {
        using NativeSlab slab = new(32);

        Assert.Throws<ArgumentOutOfRangeException>(() => slab.Span(offset, length).Length);
    }

    [Fact]
    public void Dispose_Twice_FreesOnce()
    {
        NativeSlab slab = new(16);

        slab.Dispose();
        slab.Dispose();

        Assert.True(slab.IsDisposed);
    }

    [Fact]
    public void Constructor_NonPositiveLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeSlab(0));
    }
}
