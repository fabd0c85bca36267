using Engine.Core.Compression;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Sst;

/// <summary>A table reader over a block cache: what is cached, how it is shared, and damage under the cache.</summary>
[Trait("Category", "Unit")]
public sealed class SstReaderBlockCacheTests
{
    private const string Path = "000042.sst";
    private static readonly SstWriterOptions s_lz4 = new() { BlockSizeBytes = 1024, BlockRestartInterval = 8, Compression = CompressionType.Lz4 };

    [Fact]
    public void TryGetAndScans_CompressedTable_ReadRightAndDecodeEachBlockOnce()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(1), 1500);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        BlockCache cache = new(8 << 20);
        using SstReader reader = Open(bytes, cache);
        AssertReadsMatch(reader, entries);
        int blocks = reader.DataBlockCount;
        Assert.Equal(blocks, cache.Inserts);
        Assert.Equal(blocks, cache.Count);

        AssertReadsMatch(reader, entries);
        Assert.Equal(blocks, cache.Inserts);
        Assert.True(cache.Hits >= 2 * entries.Count, $"{cache.Hits} hits");
    }

    [Fact]
    public void SecondReader_SameCacheId_UsesTheFirstReadersBlocks()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(2), 800);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        BlockCache cache = new(8 << 20);
        using (SstReader first = Open(bytes, cache))
        {
            AssertReadsMatch(first, entries);
        }

        long inserts = cache.Inserts;
        using SstReader second = Open(bytes, cache);
        AssertReadsMatch(second, entries);
        Assert.Equal(inserts, cache.Inserts);

        // Another table number is another table.
        using SstReader other = SstReader.Open(new InMemoryMappedFile(bytes, Path), cache, cacheId: 43);
        AssertReadsMatch(other, entries);
        Assert.Equal(2 * inserts, cache.Inserts);
    }

    [Fact]
    public void RawTable_IsReadInPlace_NothingCached()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(3), 800);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4 with { Compression = CompressionType.None }, out _, Path);
        BlockCache cache = new(8 << 20);
        using SstReader reader = Open(bytes, cache);
        AssertReadsMatch(reader, entries);
        Assert.Equal(0, cache.Hits + cache.Misses + cache.Inserts);
    }

    [Fact]
    public void Iterator_NotFillingTheCache_ReadsRightAndInsertsNothing()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(4), 800);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        BlockCache cache = new(8 << 20);
        using SstReader reader = Open(bytes, cache);
        List<byte[]> keys = [];
        using (SstIterator it = new(reader, fillCache: false))
        {
            for (it.First(); it.Valid; it.Next())
            {
                keys.Add(it.Key.ToArray());
            }
        }

        Assert.Equal(entries.Select(e => e.Key), keys);
        Assert.Equal(0, cache.Inserts);
        Assert.Equal(reader.DataBlockCount, cache.Misses);
    }

    [Fact]
    public void CorruptCompressedBlock_UnderCache_FailsEveryTimeAndIsNeverCached()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(5), 800);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        List<(byte[] Key, BlockHandle Handle)> index;
        using (SstReader clean = SstTestData.Open(bytes, Path))
        {
            index = SstTestData.IndexEntries(clean);
        }

        BlockHandle bad = index[1].Handle;
        bytes[bad.Offset + (bad.Size / 2)] ^= 0x10;
        BlockCache cache = new(8 << 20);
        using SstReader reader = Open(bytes, cache);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            CorruptionException ex = Assert.Throws<CorruptionException>(() => reader.TryGet(InternalKey.UserKey(index[1].Key), SequenceNumber.Max, out _, out _, out _));
            Assert.Equal(bad.Offset, ex.Offset);
        }

        Assert.False(cache.Contains(new BlockCacheKey(42, bad.Offset)));
        Assert.True(reader.TryGet(InternalKey.UserKey(entries[0].Key), SequenceNumber.Max, out _, out _, out BlockLease good));
        good.Dispose();
        Assert.Throws<CorruptionException>(() => SstTestData.ScanForward(reader));
    }

    [Fact]
    public void TryGetWithoutLease_OnReaderWithCache_IsFailedPrecondition()
    {
        byte[] bytes = SstTestData.Write(Entries(new Random(6), 100), [], s_lz4, out _, Path);
        using SstReader reader = Open(bytes, new BlockCache(1 << 20));
        StorageException ex = Assert.Throws<StorageException>(() => reader.TryGet("key"u8, SequenceNumber.Max, out _, out _));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
    }

    [Fact]
    public void TinyCache_ManyBlocks_ReadsRightWithinBudget()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(7), 1500);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        BlockCache cache = new(8 << 10);
        using SstReader reader = Open(bytes, cache);
        AssertReadsMatch(reader, entries);
        Assert.True(cache.Evictions > 0);
        Assert.True(cache.UsageBytes <= cache.CapacityBytes);
    }

    private static SstReader Open(byte[] bytes, BlockCache cache) => SstReader.Open(new InMemoryMappedFile(bytes, Path), cache, cacheId: 42);

    private static void AssertReadsMatch(SstReader reader, List<(byte[] Key, byte[] Value)> entries)
    {
        Assert.Equal(entries.Select(e => Convert.ToHexString(e.Key) + Convert.ToHexString(e.Value)),
            SstTestData.ScanForward(reader).Select(e => Convert.ToHexString(e.Key) + Convert.ToHexString(e.Value)));
        Assert.Equal(entries.Count, SstTestData.ScanBackward(reader).Count);
        foreach ((byte[] key, byte[] value) in entries)
        {
            Assert.True(reader.TryGet(InternalKey.UserKey(key), SequenceNumber.Max, out ulong trailer, out ReadOnlySpan<byte> found, out BlockLease block));
            using (block)
            {
                Assert.Equal(InternalKey.Trailer(key), trailer);
                Assert.True(found.SequenceEqual(value));
            }
        }
    }

    private static List<(byte[] Key, byte[] Value)> Entries(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(i => (SstTestData.Key($"key{i:D8}", (ulong)i + 1, KeyKind.Set), SstTestData.CompressibleValue(random, random.Next(20, 200))))
            .ToList();
}
