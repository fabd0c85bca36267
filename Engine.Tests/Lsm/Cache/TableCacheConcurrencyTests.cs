using Engine.Core.Storage;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Cache;

/// <summary>
/// Threads lease tables under a bound far below the number of tables, read through the leases (a reader closed under
/// a lease fails its next read, since a closed mapping refuses spans) and release them in random order.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class TableCacheConcurrencyTests(ITestOutputHelper output)
{
    private const int Tables = 12;
    private const int Entries = 100;
    private const int Capacity = 3;
    private const int Threads = 4;
    private const int Operations = 3000;

    [Fact]
    public async Task LeasesFromManyThreads_UnderTinyBound_ReadsRightAndBoundHoldsOnceReleased()
    {
        int seed = TestSeed.Get(output, nameof(LeasesFromManyThreads_UnderTinyBound_ReadsRightAndBoundHoldsOnceReleased));
        MemFileSystem fs = new();
        FileMetadata[] files = Enumerable.Range(1, Tables).Select(n => TableFiles.Write(fs, (ulong)n, Entries)).ToArray();
        BlockCache blocks = new(64 << 10);
        TableCache tables = new(fs, TableFiles.Directory, Capacity, blocks);
        Task[] workers = new Task[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            workers[t] = Task.Run(() => Run(tables, files, new Random(seed + thread)));
        }

        await Task.WhenAll(workers);

        output.WriteLine($"table cache: {tables.Hits} hits, {tables.Misses} misses, {tables.Evictions} evictions; block cache: {blocks.Hits} hits, {blocks.Evictions} evictions");
        Assert.Equal((long)Threads * Operations, tables.Hits + tables.Misses);
        Assert.True(tables.OpenCount <= Capacity, $"{tables.OpenCount} open after every lease was released");
        Assert.Equal(tables.OpenCount, tables.Count);
        Assert.True(blocks.UsageBytes <= blocks.CapacityBytes);
        foreach (FileMetadata file in files)
        {
            tables.Evict(file.Number);
        }

        Assert.Equal(0, tables.OpenCount);
        Assert.Equal(0, blocks.Count);
    }

    private static void Run(TableCache tables, FileMetadata[] files, Random random)
    {
        List<(TableLease Lease, ulong Number)> held = [];
        for (int op = 0; op < Operations; op++)
        {
            FileMetadata file = files[random.Next(files.Length)];
            held.Add((tables.Acquire(file), file.Number));
            while (held.Count > random.Next(3))
            {
                int pick = random.Next(held.Count);
                (TableLease lease, ulong number) = held[pick];
                held.RemoveAt(pick);
                Read(lease, number, random.Next(Entries));
                lease.Dispose();
            }
        }

        foreach ((TableLease lease, ulong number) in held)
        {
            Read(lease, number, 0);
            TableLease copy = lease;
            copy.Dispose();
        }
    }

    private static void Read(TableLease lease, ulong number, int i)
    {
        Assert.True(lease.Reader.TryGet(TableFiles.UserKey(number, i), SequenceNumber.Max, out _, out ReadOnlySpan<byte> value, out BlockLease block));
        using (block)
        {
            Assert.True(value.SequenceEqual(TableFiles.Value(number, i)), $"table {number} entry {i}");
        }
    }
}
