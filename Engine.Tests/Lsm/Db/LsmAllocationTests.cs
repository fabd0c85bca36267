using Engine.Core.Buffers;
using Engine.Core.Compression;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;

using DatabaseMetrics = Engine.Api.DatabaseMetrics;

namespace Engine.Tests.Lsm.Db;

/// <summary>The steady-state put and get paths allocate nothing on the calling thread.</summary>
[Trait("Category", "Disk")]
public sealed class LsmAllocationTests
{
    [Theory]
    [InlineData(false, 0L)]
    [InlineData(false, 8L << 20)]
    [InlineData(true, 0L)]
    [InlineData(true, 8L << 20)]
    [InlineData(true, 64L << 10)]
    public void PutAndTryGet_InSteadyState_AllocateNothing(bool lz4, long blockCacheBytes)
    {
        CompressionType compression = lz4 ? CompressionType.Lz4 : CompressionType.None;
        // The real file system: MemFileSystem keeps a copy of every unsynced write, which would be counted here.
        using TempDirectory dir = new("alloc");
        using LsmDatabase db = LsmDatabase.Open(dir.Path, new LsmOptions { WriteBufferSizeBytes = 64 << 20, Compression = compression, BlockCacheBytes = blockCacheBytes });
        using PooledBufferWriter value = new(1024);
        byte[][] keys = Enumerable.Range(0, 2000).Select(LsmDatabaseTests.Key).ToArray();
        byte[] payload = new byte[100];
        // Round 0 warms up. A per-call allocation shows in every later round; a one-off runtime allocation (tier-up
        // while the suite runs in parallel) in one at most: one clean round out of three proves the steady state.
        long[] writes = new long[4];
        for (int round = 0; round < writes.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (byte[] key in keys)
            {
                db.Put(key, payload);
                value.Clear();
                db.TryGet(key, value);
            }

            writes[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Contains(0L, writes[1..]);

        // Reads that go to a memory-mapped table; with LZ4 its zero-filled values are compressed, so every read decodes.
        db.Flush();
        long tableBytes = Directory.GetFiles(dir.Path, "*.sst").Sum(f => new FileInfo(f).Length);
        Assert.Equal(compression == CompressionType.Lz4, tableBytes < keys.Length * payload.Length / 2);
        long[] reads = new long[4];
        for (int round = 0; round < reads.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (byte[] key in keys)
            {
                value.Clear();
                Assert.True(db.TryGet(key, value));
            }

            reads[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Contains(0L, reads[1..]);

        // With the cache (and positional reads, the default), the table's blocks, raw or compressed, are read once and
        // then served from it; a cache smaller than the table keeps evicting, and its buffers cycle through the pool
        // without allocating.
        DatabaseMetrics metrics = db.GetMetrics();
        Assert.Equal(blockCacheBytes > 0, metrics.BlockCacheHits > 0);
        Assert.Equal(blockCacheBytes is > 0 and < 1 << 20, metrics.BlockCacheEvictions > 0);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(8L << 20)]
    public void IteratorSeekAndNext_OverCompressedTables_InSteadyState_AllocateNothing(long blockCacheBytes)
    {
        using TempDirectory dir = new("alloc");
        using LsmDatabase db = LsmDatabase.Open(dir.Path, new LsmOptions { Compression = CompressionType.Lz4, BlockCacheBytes = blockCacheBytes });
        byte[][] keys = Enumerable.Range(0, 2000).Select(LsmDatabaseTests.Key).ToArray();
        byte[] payload = new byte[100];
        foreach (byte[] key in keys)
        {
            db.Put(key, payload);
        }

        db.Flush();
        using DbIterator it = db.NewIterator();
        long[] rounds = new long[4];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long seen = 0;
            for (int k = 0; k < keys.Length; k += 20)
            {
                it.SeekGE(keys[k]);
                for (int step = 0; step < 20 && it.Valid; step++, it.Next())
                {
                    seen += it.Key.Length + it.Value.Length;
                }
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(seen > 0);
        }

        Assert.Contains(0L, rounds[1..]);
    }
}
