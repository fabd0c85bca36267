using System;
using Engine.Core.Errors;

namespace Engine.Lsm.Cache;

/// <summary>
/// A byte-budgeted cache of data blocks (decoded when compressed), shared by every table of one store and keyed by
/// <see cref="BlockCacheKey"/> (file number, block offset).
/// </summary>
/// <remarks>
/// <para>
/// With positional reads (<see cref="Options.LsmOptions.PositionalDataReads"/>, the default) every data block a read
/// uses is cached, raw or compressed, so the cache rather than the mappings holds what reads keep resident. Without,
/// only blocks that must be decoded are: a raw block is read in place from the table's memory mapping, where the
/// operating system's page cache already holds it. Bloom filters and index blocks are raw and read in place from the
/// mapping either way, so they are not cached.
/// </para>
/// <para>
/// The budget is split evenly over a power-of-two number of shards (up to <see cref="MaxShards"/>, fewer when a shard
/// would get less than <see cref="MinShardBytes"/>), picked by the high bits of the key's hash, so concurrent readers
/// rarely contend for one lock. A block is charged the length of its buffer, which <see cref="BlockBufferPool"/>
/// rounds up to 512 bytes: the budget bounds memory actually held.
/// </para>
/// <para>
/// Eviction is CLOCK (second chance) per shard rather than LRU: a hit sets one bit instead of relinking a list, the
/// entries live in one flat slot array with no per-entry node, and entries that were never hit again since they were
/// inserted go first, which keeps a long scan from flushing out the blocks point reads keep coming back to.
/// </para>
/// <para>
/// Every lookup or insert returns a <see cref="BlockLease"/> that pins the block: a pinned block is never evicted, and
/// one that is erased while pinned keeps its memory until the last lease is disposed. Buffers come from
/// <see cref="BlockBufferPool"/> and go back to it when an unpinned block leaves the cache. Thread-safe.
/// </para>
/// </remarks>
internal sealed class BlockCache
{
    /// <summary>The most shards: 16 locks make contention rare on any core count we target, as LevelDB's 16.</summary>
    public const int MaxShards = 16;

    /// <summary>The least budget per shard, 256 KiB: room for dozens of blocks, so the hash spreads them evenly.</summary>
    public const long MinShardBytes = 256 << 10;

    private readonly BlockCacheShard[] _shards;
    private readonly int _shardMask;

    /// <summary>A cache of <paramref name="capacityBytes"/> (above zero).</summary>
    public BlockCache(long capacityBytes)
    {
        if (capacityBytes <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacityBytes), "A block cache needs a budget above zero.");
        }

        int shards = 1;
        while (shards < MaxShards && capacityBytes / (shards * 2) >= MinShardBytes)
        {
            shards *= 2;
        }

        _shards = new BlockCacheShard[shards];
        for (int i = 0; i < shards; i++)
        {
            _shards[i] = new BlockCacheShard(capacityBytes / shards);
        }

        _shardMask = shards - 1;
        CapacityBytes = capacityBytes;
    }

    /// <summary>The budget in bytes.</summary>
    public long CapacityBytes { get; }

    /// <summary>The number of shards, a power of two.</summary>
    public int ShardCount => _shards.Length;

    /// <summary>Bytes of resident blocks (their pooled buffers); at most <see cref="CapacityBytes"/>.</summary>
    public long UsageBytes => Sum(static s => s.UsageBytes);

    /// <summary>Lookups that found their block.</summary>
    public long Hits => Sum(static s => s.Hits);

    /// <summary>Lookups that did not.</summary>
    public long Misses => Sum(static s => s.Misses);

    /// <summary>Blocks made resident.</summary>
    public long Inserts => Sum(static s => s.Inserts);

    /// <summary>Blocks evicted to make room (not counting those dropped because their table became obsolete).</summary>
    public long Evictions => Sum(static s => s.Evictions);

    /// <summary>Resident blocks.</summary>
    public int Count => (int)Sum(static s => s.Count);

    /// <summary>Pins the block of <paramref name="key"/> when resident.</summary>
    public bool TryGet(in BlockCacheKey key, out BlockLease lease) => Shard(key).TryGet(key, out lease);

    /// <summary>True when the block of <paramref name="key"/> is resident; neither counted nor marked as a use.</summary>
    public bool Contains(in BlockCacheKey key) => Shard(key).Contains(key);

    /// <summary>
    /// Makes <paramref name="buffer"/> (rented from <see cref="BlockBufferPool"/>; the cache takes ownership) with
    /// <paramref name="length"/> bytes the block of <paramref name="key"/>, and returns a lease on the resident copy.
    /// See <see cref="BlockCacheShard.Insert"/> for the cases where the lease owns the buffer instead.
    /// </summary>
    public BlockLease Insert(in BlockCacheKey key, byte[] buffer, int length) => Shard(key).Insert(key, buffer, length);

    /// <summary>Drops the blocks of an obsolete table; pinned ones go when their last lease is disposed.</summary>
    public void EraseFile(ulong fileNumber)
    {
        foreach (BlockCacheShard shard in _shards)
        {
            shard.EraseFile(fileNumber);
        }
    }

    private BlockCacheShard Shard(in BlockCacheKey key) => _shards[(int)(key.Hash >> 32) & _shardMask];

    private long Sum(Func<BlockCacheShard, long> read)
    {
        long total = 0;
        foreach (BlockCacheShard shard in _shards)
        {
            total += read(shard);
        }

        return total;
    }
}
