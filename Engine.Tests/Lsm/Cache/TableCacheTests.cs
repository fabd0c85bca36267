using Engine.Core.Storage;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Cache;

/// <summary>The table cache alone: the bound on open readers, leases that hold readers open, eviction, counters.</summary>
[Trait("Category", "Unit")]
public sealed class TableCacheTests(ITestOutputHelper output)
{
    private const int Entries = 200;

    [Fact]
    public void Acquire_SameTableTwice_SharesTheReaderAndCountsAHit()
    {
        MemFileSystem fs = new();
        FileMetadata file = TableFiles.Write(fs, 1, Entries);
        TableCache tables = new(fs, TableFiles.Directory, capacity: 4);
        using TableLease first = tables.Acquire(file);
        using TableLease second = tables.Acquire(file);
        Assert.Same(first.Reader, second.Reader);
        Assert.Equal(1, tables.Misses);
        Assert.Equal(1, tables.Hits);
        Assert.Equal(1, tables.OpenCount);
        Assert.Equal(1, tables.Count);
    }

    [Fact]
    public void Acquire_MoreTablesThanCapacity_OpenCountStaysWithinBoundAndReadsAreRight()
    {
        int seed = TestSeed.Get(output, nameof(Acquire_MoreTablesThanCapacity_OpenCountStaysWithinBoundAndReadsAreRight));
        Random random = new(seed);
        MemFileSystem fs = new();
        FileMetadata[] files = Enumerable.Range(1, 20).Select(n => TableFiles.Write(fs, (ulong)n, Entries)).ToArray();
        TableCache tables = new(fs, TableFiles.Directory, capacity: 4);
        for (int op = 0; op < 2000; op++)
        {
            FileMetadata file = files[random.Next(files.Length)];
            int i = random.Next(Entries);
            using (TableLease lease = tables.Acquire(file))
            {
                Assert.True(lease.Reader.TryGet(TableFiles.UserKey(file.Number, i), SequenceNumber.Max, out _, out ReadOnlySpan<byte> value));
                Assert.True(value.SequenceEqual(TableFiles.Value(file.Number, i)));
                Assert.True(tables.OpenCount <= 5, $"{tables.OpenCount} open while one is leased");
            }

            Assert.True(tables.OpenCount <= 4, $"{tables.OpenCount} open after op {op}");
        }

        Assert.Equal(2000, tables.Hits + tables.Misses);
        Assert.True(tables.Misses > 20 && tables.Evictions > 0, $"misses {tables.Misses}, evictions {tables.Evictions}");
        Assert.Equal(tables.Misses - tables.Evictions, tables.Count);
    }

    [Fact]
    public void Acquire_LeasedBeyondCapacity_StayOpenUntilReleasedThenBoundReturns()
    {
        MemFileSystem fs = new();
        FileMetadata[] files = Enumerable.Range(1, 8).Select(n => TableFiles.Write(fs, (ulong)n, Entries)).ToArray();
        TableCache tables = new(fs, TableFiles.Directory, capacity: 2);
        TableLease[] leases = files.Select(tables.Acquire).ToArray();
        Assert.Equal(8, tables.OpenCount);
        for (int n = 0; n < leases.Length; n++)
        {
            Assert.True(leases[n].Reader.TryGet(TableFiles.UserKey(files[n].Number, 7), SequenceNumber.Max, out _, out ReadOnlySpan<byte> value));
            Assert.True(value.SequenceEqual(TableFiles.Value(files[n].Number, 7)));
        }

        for (int n = 0; n < leases.Length; n++)
        {
            leases[n].Dispose();
        }

        Assert.True(tables.OpenCount <= 2, $"{tables.OpenCount} open after every lease was released");
        Assert.Equal(tables.OpenCount, tables.Count);
    }

    [Fact]
    public void Evict_LeasedTable_ClosesOnReleaseAndDropsItsBlocks()
    {
        MemFileSystem fs = new();
        FileMetadata a = TableFiles.Write(fs, 1, Entries);
        FileMetadata b = TableFiles.Write(fs, 2, Entries);
        BlockCache blocks = new(1 << 20);
        TableCache tables = new(fs, TableFiles.Directory, capacity: 16, blocks);
        TableLease leaseA = tables.Acquire(a);
        ReadAll(leaseA.Reader, a.Number);
        using (TableLease leaseB = tables.Acquire(b))
        {
            ReadAll(leaseB.Reader, b.Number);
        }

        int bothTables = blocks.Count;
        Assert.True(bothTables > 4, $"{bothTables} blocks cached");
        tables.Evict(a.Number);
        Assert.Equal(2, tables.OpenCount);
        Assert.Equal(1, tables.Count);
        Assert.True(blocks.Count > 0 && blocks.Count < bothTables, $"{blocks.Count} of {bothTables} blocks left");

        // Still readable through the lease: its blocks are decoded again (into the cache, where they age out).
        ReadAll(leaseA.Reader, a.Number);
        leaseA.Dispose();
        Assert.Equal(1, tables.OpenCount);
        blocks.EraseFile(a.Number);
        using TableLease again = tables.Acquire(b);
        ReadAll(again.Reader, b.Number);
    }

    [Fact]
    public void Reopen_AfterBoundClosedIt_FindsItsBlocksInTheBlockCache()
    {
        MemFileSystem fs = new();
        FileMetadata a = TableFiles.Write(fs, 1, Entries);
        FileMetadata b = TableFiles.Write(fs, 2, Entries);
        BlockCache blocks = new(8 << 20);
        TableCache tables = new(fs, TableFiles.Directory, capacity: 1, blocks);
        Read(tables, a);
        long inserts = blocks.Inserts;
        Assert.True(inserts > 4, $"{inserts} blocks inserted");
        Read(tables, b);
        Assert.Equal(1, tables.OpenCount);
        long hits = blocks.Hits;
        long afterB = blocks.Inserts;

        Read(tables, a);
        Assert.Equal(3, tables.Misses);
        Assert.Equal(afterB, blocks.Inserts);
        Assert.True(blocks.Hits - hits >= Entries, $"{blocks.Hits - hits} hits on the reopened table");
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TableCache(new MemFileSystem(), TableFiles.Directory, capacity: 0));
    }

    private static void Read(TableCache tables, FileMetadata file)
    {
        using TableLease lease = tables.Acquire(file);
        ReadAll(lease.Reader, file.Number);
    }

    private static void ReadAll(SstReader reader, ulong number)
    {
        for (int i = 0; i < Entries; i++)
        {
            Assert.True(reader.TryGet(TableFiles.UserKey(number, i), SequenceNumber.Max, out _, out ReadOnlySpan<byte> value, out BlockLease block));
            using (block)
            {
                Assert.True(value.SequenceEqual(TableFiles.Value(number, i)), $"table {number} entry {i}");
            }
        }
    }
}
