using Engine.Lsm.Cache;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Cache;

/// <summary>
/// Threads look blocks up, insert them, hold leases across other threads' evictions and erasures, and check every
/// block's bytes while pinned: a block freed or reused under a lease would show as wrong bytes.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class BlockCacheConcurrencyTests(ITestOutputHelper output)
{
    private const int Files = 4;
    private const int BlocksPerFile = 150;
    private const int Threads = 4;
    private const int Operations = 20_000;

    [Fact]
    public async Task LookupsInsertsErasures_FromManyThreads_PinnedBytesStayIntactAndCountersAddUp()
    {
        int seed = TestSeed.Get(output, nameof(LookupsInsertsErasures_FromManyThreads_PinnedBytesStayIntactAndCountersAddUp));
        BlockCache cache = new(1 << 20);
        long[] lookups = new long[Threads];
        Task[] workers = new Task[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            workers[t] = Task.Run(() => lookups[thread] = Run(cache, new Random(seed + thread), Operations));
        }

        await Task.WhenAll(workers);

        Assert.True(cache.UsageBytes <= cache.CapacityBytes, $"usage {cache.UsageBytes} over {cache.CapacityBytes}");
        Assert.Equal(lookups.Sum(), cache.Hits + cache.Misses);
        Assert.True(cache.Hits > 0 && cache.Evictions > 0, $"hits {cache.Hits}, evictions {cache.Evictions}");
        Assert.True(cache.Count <= cache.Inserts - cache.Evictions);
        output.WriteLine($"hits {cache.Hits}, misses {cache.Misses}, inserts {cache.Inserts}, evictions {cache.Evictions}, resident {cache.Count}, {cache.UsageBytes} B");

        for (ulong file = 1; file <= Files; file++)
        {
            cache.EraseFile(file);
        }

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.UsageBytes);
    }

    /// <summary>Runs one thread's operations; returns how many lookups it made.</summary>
    private static long Run(BlockCache cache, Random random, int operations)
    {
        long lookups = 0;
        List<(BlockLease Lease, int Seed, int Length)> held = [];
        for (int op = 0; op < operations; op++)
        {
            int file = random.Next(1, Files + 1);
            int block = random.Next(BlocksPerFile);
            int seed = (file * 1000) + block;
            int length = 1000 + (block * 37 % 7000);
            BlockCacheKey key = new((ulong)file, block * 8192L);
            lookups++;
            if (!cache.TryGet(key, out BlockLease lease))
            {
                lease = cache.Insert(key, BlockCacheTests.Block(seed, length), length);
            }

            Check(lease, seed, length);
            held.Add((lease, seed, length));

            // Hold up to a few leases for a while, as iterators do, and release them in random order.
            while (held.Count > random.Next(4))
            {
                int pick = random.Next(held.Count);
                (BlockLease old, int oldSeed, int oldLength) = held[pick];
                held.RemoveAt(pick);
                Check(old, oldSeed, oldLength);
                old.Dispose();
            }

            if (random.Next(3000) == 0)
            {
                cache.EraseFile((ulong)random.Next(1, Files + 1));
            }
        }

        foreach ((BlockLease lease, int seed, int length) in held)
        {
            Check(lease, seed, length);
            BlockLease copy = lease;
            copy.Dispose();
        }

        return lookups;
    }

    private static void Check(BlockLease lease, int seed, int length)
    {
        Assert.True(lease.IsActive);
        Assert.True(lease.Span.SequenceEqual(BlockCacheTests.Fill(seed, length)), $"block {seed} changed under its lease");
    }
}
