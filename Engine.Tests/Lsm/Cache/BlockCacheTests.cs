using System.Buffers;
using Engine.Lsm.Cache;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Cache;

/// <summary>The block cache alone: budget, sharding, CLOCK order, pinning, erasure and counters.</summary>
[Trait("Category", "Unit")]
public sealed class BlockCacheTests
{
    // One shard of 256 KiB holding four 64 KiB blocks: the pool rents exactly 64 KiB for that length.
    private const long OneShard = BlockCache.MinShardBytes;
    private const int BlockBytes = 64 << 10;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(256 << 10, 1)]
    [InlineData(512 << 10, 2)]
    [InlineData(1 << 20, 4)]
    [InlineData(8 << 20, 16)]
    [InlineData(1L << 30, 16)]
    public void Constructor_Budget_PicksPowerOfTwoShards(long budget, int shards)
    {
        BlockCache cache = new(budget);
        Assert.Equal(shards, cache.ShardCount);
        Assert.Equal(budget, cache.CapacityBytes);
    }

    [Fact]
    public void Constructor_ZeroBudget_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockCache(0));
    }

    [Fact]
    public void InsertThenTryGet_SameKey_HitsWithContentsAndCounts()
    {
        BlockCache cache = new(OneShard);
        Assert.False(cache.TryGet(new BlockCacheKey(1, 0), out _));
        using (BlockLease inserted = cache.Insert(new BlockCacheKey(1, 0), Block(7, 100), 100))
        {
            Assert.True(inserted.IsCached);
            Assert.Equal(100, inserted.Span.Length);
        }

        Assert.True(cache.TryGet(new BlockCacheKey(1, 0), out BlockLease hit));
        using (hit)
        {
            Assert.True(hit.Span.SequenceEqual(Fill(7, 100)));
        }

        Assert.False(cache.TryGet(new BlockCacheKey(1, 1), out _));
        Assert.False(cache.TryGet(new BlockCacheKey(2, 0), out _));
        Assert.Equal(1, cache.Hits);
        Assert.Equal(3, cache.Misses);
        Assert.Equal(1, cache.Inserts);
        Assert.Equal(0, cache.Evictions);
        Assert.Equal(1, cache.Count);
        Assert.Equal(ArrayPool<byte>.Shared.Rent(100).Length, cache.UsageBytes);
    }

    [Fact]
    public void Insert_BeyondBudget_EvictsAndStaysWithinBudget()
    {
        BlockCache cache = new(OneShard);
        for (int i = 0; i < 40; i++)
        {
            InsertAndRelease(cache, new BlockCacheKey(1, i * BlockBytes), i);
            Assert.True(cache.UsageBytes <= cache.CapacityBytes, $"usage {cache.UsageBytes} after insert {i}");
        }

        Assert.Equal(4, cache.Count);
        Assert.Equal(40, cache.Inserts);
        Assert.Equal(36, cache.Evictions);
        Assert.Equal(4L * BlockBytes, cache.UsageBytes);
    }

    [Fact]
    public void Insert_WhenFull_EvictsUnreferencedBeforeBlocksHitAgain()
    {
        BlockCache cache = new(OneShard);
        for (int i = 0; i < 4; i++)
        {
            InsertAndRelease(cache, Key(i), i);
        }

        // Block 1 is hit: it gets a second chance. The hand starts at block 0.
        Hit(cache, Key(1));
        InsertAndRelease(cache, Key(4), 4);
        Assert.Equal([false, true, true, true, true], Resident(cache, 5));

        // The hand clears block 1's bit and takes block 2, then block 3.
        InsertAndRelease(cache, Key(5), 5);
        Assert.Equal([false, true, false, true, true, true], Resident(cache, 6));
        InsertAndRelease(cache, Key(6), 6);
        Assert.Equal([false, true, false, false, true, true, true], Resident(cache, 7));

        // The hand goes on in slot order: block 4 (in block 0's slot) next, then block 1, whose second chance is spent.
        InsertAndRelease(cache, Key(7), 7);
        Assert.Equal([false, true, false, false, false, true, true, true], Resident(cache, 8));
        InsertAndRelease(cache, Key(8), 8);
        Assert.Equal([false, false, false, false, false, true, true, true, true], Resident(cache, 9));
    }

    [Fact]
    public void PinnedBlock_SurvivesEvictionPressureWithItsContents()
    {
        BlockCache cache = new(OneShard);
        BlockLease pinned = cache.Insert(Key(0), Block(42, BlockBytes), BlockBytes);
        for (int i = 1; i < 50; i++)
        {
            InsertAndRelease(cache, Key(i), i);
        }

        Assert.True(pinned.Span.SequenceEqual(Fill(42, BlockBytes)));
        Assert.True(Resident(cache, 1)[0]);
        pinned.Dispose();

        // Unpinned (and unreferenced, since hits alone set the bit), it is evicted like any other block.
        for (int i = 50; i < 54; i++)
        {
            InsertAndRelease(cache, Key(i), i);
        }

        Assert.False(Resident(cache, 1)[0]);
    }

    [Fact]
    public void Insert_EveryBlockPinned_ReturnsUncachedLeaseWithinBudget()
    {
        BlockCache cache = new(OneShard);
        BlockLease[] pins = Enumerable.Range(0, 4).Select(i => cache.Insert(Key(i), Block(i, BlockBytes), BlockBytes)).ToArray();
        using (BlockLease extra = cache.Insert(Key(9), Block(9, BlockBytes), BlockBytes))
        {
            Assert.True(extra.IsActive);
            Assert.False(extra.IsCached);
            Assert.True(extra.Span.SequenceEqual(Fill(9, BlockBytes)));
        }

        Assert.Equal(4, cache.Count);
        Assert.Equal(cache.CapacityBytes, cache.UsageBytes);
        Assert.False(cache.TryGet(Key(9), out _));
        for (int i = 0; i < pins.Length; i++)
        {
            pins[i].Dispose();
        }
    }

    [Fact]
    public void Insert_BlockLargerThanShard_IsNotCached()
    {
        BlockCache cache = new(OneShard);
        int length = (int)OneShard + 1;
        using BlockLease lease = cache.Insert(Key(0), Block(3, length), length);
        Assert.False(lease.IsCached);
        Assert.Equal(length, lease.Span.Length);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.UsageBytes);
    }

    [Fact]
    public void Insert_KeyInsertedMeanwhile_SharesTheResidentCopy()
    {
        BlockCache cache = new(OneShard);
        using BlockLease first = cache.Insert(Key(0), Block(1, 100), 100);
        using BlockLease second = cache.Insert(Key(0), Block(2, 100), 100);
        Assert.True(second.IsCached);
        Assert.True(second.Span.SequenceEqual(Fill(1, 100)));
        Assert.Equal(1, cache.Inserts);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void EraseFile_DropsItsBlocksAndKeepsPinnedOnesReadable()
    {
        BlockCache cache = new(8 << 20);
        for (int i = 0; i < 20; i++)
        {
            InsertAndRelease(cache, new BlockCacheKey(1, i * 4096L), i, 4096);
            InsertAndRelease(cache, new BlockCacheKey(2, i * 4096L), 100 + i, 4096);
        }

        Assert.True(cache.TryGet(new BlockCacheKey(1, 0), out BlockLease pinned));
        cache.EraseFile(1);
        Assert.Equal(20, cache.Count);
        Assert.Equal(20L * 4096, cache.UsageBytes);
        Assert.False(cache.TryGet(new BlockCacheKey(1, 4096), out _));
        Assert.True(pinned.Span.SequenceEqual(Fill(0, 4096)));
        pinned.Dispose();

        // The erased slot is reused once released; the other table's blocks are intact.
        InsertAndRelease(cache, new BlockCacheKey(3, 0), 77, 4096);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(cache.TryGet(new BlockCacheKey(2, i * 4096L), out BlockLease lease));
            using (lease)
            {
                Assert.True(lease.Span.SequenceEqual(Fill(100 + i, 4096)));
            }
        }
    }

    [Fact]
    public void Lease_DisposedTwiceThroughACopy_IsAnInternalError()
    {
        BlockCache cache = new(OneShard);
        BlockLease lease = cache.Insert(Key(0), Block(1, 100), 100);
        BlockLease copy = lease;
        lease.Dispose();
        lease.Dispose();
        StorageException ex = Assert.Throws<StorageException>(() => copy.Dispose());
        Assert.Equal(StorageErrorCode.Internal, ex.Code);
    }

    [Fact]
    public void DefaultLease_HoldsNothing()
    {
        BlockLease lease = default;
        Assert.False(lease.IsActive);
        Assert.True(lease.Span.IsEmpty);
        lease.Dispose();
    }

    internal static BlockCacheKey Key(int i) => new(1, (long)i * BlockBytes);

    internal static byte[] Fill(int seed, int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i);
        }

        return bytes;
    }

    /// <summary>A pooled buffer (as the cache expects) holding <see cref="Fill"/>'s bytes.</summary>
    internal static byte[] Block(int seed, int length)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        Fill(seed, length).CopyTo(buffer, 0);
        return buffer;
    }

    private static void InsertAndRelease(BlockCache cache, BlockCacheKey key, int seed, int length = BlockBytes)
    {
        using BlockLease lease = cache.Insert(key, Block(seed, length), length);
        Assert.True(lease.IsCached);
    }

    private static void Hit(BlockCache cache, BlockCacheKey key)
    {
        Assert.True(cache.TryGet(key, out BlockLease lease));
        lease.Dispose();
    }

    /// <summary>Which of the blocks 0..count-1 are resident, read without touching their reference bits.</summary>
    private static bool[] Resident(BlockCache cache, int count) =>
        Enumerable.Range(0, count).Select(i => cache.Contains(Key(i))).ToArray();
}
