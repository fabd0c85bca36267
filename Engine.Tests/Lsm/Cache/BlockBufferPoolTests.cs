using Engine.Lsm.Cache;

namespace Engine.Tests.Lsm.Cache;

[Trait("Category", "Unit")]
public sealed class BlockBufferPoolTests
{
    [Theory]
    [InlineData(0, 512)]
    [InlineData(1, 512)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 4608)]
    [InlineData(65536, 65536)]
    public void Rent_RoundsUpTo512Bytes_NotToAPowerOfTwo(int length, int expected)
    {
        byte[] buffer = BlockBufferPool.Rent(length);
        Assert.Equal(expected, buffer.Length);
        BlockBufferPool.Return(buffer);
    }

    [Fact]
    public void Rent_PastTheLargestClass_UsesTheSharedPool()
    {
        byte[] buffer = BlockBufferPool.Rent((64 << 10) + 1);
        Assert.Equal(128 << 10, buffer.Length);
        BlockBufferPool.Return(buffer);
    }

    [Fact]
    public void Return_ThenRent_ReusesTheBuffer()
    {
        // A size class no other test uses, so a parallel test cannot take the buffer in between.
        byte[] first = BlockBufferPool.Rent(63 << 10);
        BlockBufferPool.Return(first);
        Assert.Same(first, BlockBufferPool.Rent(63 << 10));
    }

    [Fact]
    public void Return_OfAnOddSizedBuffer_IsDropped()
    {
        BlockBufferPool.Return(new byte[1000]);
        Assert.Equal(1024, BlockBufferPool.Rent(1000).Length);
    }
}
