using Engine.Lsm.Memtables;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Memtables;

[Trait("Category", "Unit")]
public sealed class ArenaTests
{
    [Fact]
    public void TryAllocate_FirstAllocation_IsNeverOffsetZero()
    {
        Arena arena = new(64);

        Assert.True(arena.TryAllocate(0, 1, out int offset));

        Assert.NotEqual(0, offset);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(64)]
    public void TryAllocate_Alignment_OffsetIsMultiple(int alignment)
    {
        Arena arena = new(1024);
        Assert.True(arena.TryAllocate(3, 1, out _));

        Assert.True(arena.TryAllocate(5, alignment, out int offset));

        Assert.Equal(0, offset % alignment);
        Assert.True(offset >= Arena.ReservedBytes + 3);
        Assert.Equal(offset + 5, arena.Size);
    }

    [Fact]
    public void TryAllocate_Consecutive_DoNotOverlap()
    {
        Arena arena = new(1024);

        Assert.True(arena.TryAllocate(10, 4, out int first));
        Assert.True(arena.TryAllocate(10, 4, out int second));

        Assert.True(second >= first + 10);
    }

    [Fact]
    public void TryAllocate_ExactlyFills_ThenFull()
    {
        Arena arena = new(100);

        Assert.True(arena.TryAllocate(100 - Arena.ReservedBytes, 1, out int offset));
        Assert.Equal(Arena.ReservedBytes, offset);
        Assert.Equal(100, arena.Size);

        Assert.False(arena.TryAllocate(1, 1, out offset));
        Assert.Equal(0, offset);
        Assert.True(arena.TryAllocate(0, 1, out _));
    }

    [Fact]
    public void TryAllocate_TooLarge_ReturnsFalseAndKeepsSize()
    {
        Arena arena = new(100);
        Assert.True(arena.TryAllocate(10, 1, out _));
        int size = arena.Size;

        Assert.False(arena.TryAllocate(95, 1, out _));
        Assert.False(arena.TryAllocate(int.MaxValue, 64, out _));

        Assert.Equal(size, arena.Size);
    }

    [Fact]
    public void TryAllocate_PaddingPushesPastEnd_ReturnsFalse()
    {
        Arena arena = new(16);
        Assert.True(arena.TryAllocate(1, 1, out _));

        // Size is 2; aligning to 8 would start at 8 and end at 17.
        Assert.False(arena.TryAllocate(9, 8, out _));
        Assert.Equal(2, arena.Size);
    }

    [Theory]
    [InlineData(-1, 4)]
    [InlineData(4, 0)]
    [InlineData(4, 3)]
    [InlineData(4, 128)]
    public void TryAllocate_BadArguments_Throw(int size, int alignment)
    {
        Arena arena = new(64);

        StorageException ex = Assert.Throws<StorageException>(() => arena.TryAllocate(size, alignment, out _));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Arena.ReservedBytes)]
    [InlineData(Arena.MaxCapacity + 1)]
    public void Constructor_CapacityOutOfRange_Throws(int capacity)
    {
        StorageException ex = Assert.Throws<StorageException>(() => new Arena(capacity));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Slab_HasCapacityLength()
    {
        Arena arena = new(777);

        Assert.Equal(777, arena.Capacity);
        Assert.Equal(777, arena.Slab.Length);
        Assert.Equal(Arena.ReservedBytes, arena.Size);
    }

    [Fact]
    public void Dispose_FreesTheSlab()
    {
        Arena arena = new(777);

        arena.Dispose();

        Assert.True(arena.Slab.IsDisposed);
    }
}
