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
        byte[] buffer = BlockBufferPool.Shared.Rent(length);
        Assert.Equal(expected, buffer.Length);
        BlockBufferPool.Shared.Return(buffer);
    }

    [Fact]
    public void Rent_PastTheLargestClass_UsesTheSharedPool()
    {
        byte[] buffer = BlockBufferPool.Shared.Rent((64 << 10) + 1);
        Assert.Equal(128 << 10, buffer.Length);
        BlockBufferPool.Shared.Return(buffer);
    }

    [Fact]
    public void Return_ThenRent_ReusesTheBuffer()
    {
        // A pool of its own: the shared one may be at its cap with other tests' blocks.
        BlockBufferPool pool = new();
        byte[] first = pool.Rent(63 << 10);
        pool.Return(first);
        Assert.Same(first, pool.Rent(63 << 10));
    }

    [Fact]
    public void Return_OfAnOddSizedBuffer_IsDropped()
    {
        BlockBufferPool.Shared.Return(new byte[1000]);
        Assert.Equal(1024, BlockBufferPool.Shared.Rent(1000).Length);
    }
}
