using Engine.Core.Buffers;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// <see cref="LsmOptions.PositionalDataReads"/>: the data blocks of every table, compressed or raw, that miss the cache
/// are read with positional reads (off: through the mappings), and a damaged one is reported as corruption naming the
/// table.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmPositionalReadTests
{
    private static LsmOptions Options(CompressionType compression) => new()
    {
        WriteBufferSizeBytes = 16 << 10,
        BlockSizeBytes = 512,
        Compression = compression,
        BlockCacheBytes = 8 << 10,
        PositionalDataReads = true,
    };

    private static byte[] Value(int i) => System.Text.Encoding.ASCII.GetBytes($"value-{i:D6}-{new string((char)('a' + (i % 26)), 40)}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GetsAndIterators_ReadEveryTableEntry(bool lz4)
    {
        CompressionType compression = lz4 ? CompressionType.Lz4 : CompressionType.None;
        // Counts positional reads of tables: the data must come from them, not from the mappings.
        int tableReads = 0;
        FaultInjectingFileSystem fs = new(new MemFileSystem())
        {
            BeforeOperation = (kind, path) => tableReads += kind == FileOperationKind.Read && path.EndsWith(".sst", StringComparison.Ordinal) ? 1 : 0,
        };
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", Options(compression));
        const int Count = 3000;
        for (int i = 0; i < Count; i++)
        {
            db.Put(LsmDatabaseTests.Key(i * 2), Value(i));
        }

        db.CompactRange(null, null);
        int readsBefore = tableReads;
        long missesBefore = db.GetMetrics().BlockCacheMisses;

        using PooledBufferWriter value = new(128);
        for (int i = Count - 1; i >= 0; i--)
        {
            value.Clear();
            Assert.True(db.TryGet(LsmDatabaseTests.Key(i * 2), value));
            Assert.Equal(Value(i), value.WrittenSpan.ToArray());
            Assert.False(db.TryGet(LsmDatabaseTests.Key((i * 2) + 1), value));
        }

        // Every cache miss of the gets was one positional read of a table, raw or compressed.
        long misses = db.GetMetrics().BlockCacheMisses - missesBefore;
        Assert.True(misses > 100, $"{misses} misses");
        Assert.Equal(misses, tableReads - readsBefore);

        // A forward scan reads ahead once it has crossed two blocks: many blocks per read, every one still through
        // the cache.
        readsBefore = tableReads;
        missesBefore = db.GetMetrics().BlockCacheMisses;
        using DbIterator iterator = db.NewIterator();
        int seen = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            Assert.Equal(LsmDatabaseTests.Key(seen * 2), iterator.Key.ToArray());
            Assert.Equal(Value(seen), iterator.Value.ToArray());
            seen++;
        }

        Assert.Equal(Count, seen);
        misses = db.GetMetrics().BlockCacheMisses - missesBefore;
        int scanReads = tableReads - readsBefore;
        Assert.True(misses > 100, $"{misses} misses");
        Assert.True(scanReads * 4 < misses, $"{scanReads} reads for {misses} misses");

        // Backward, every miss is one positional read again.
        readsBefore = tableReads;
        missesBefore = db.GetMetrics().BlockCacheMisses;
        for (iterator.Last(); iterator.Valid; iterator.Prev())
        {
            seen--;
            Assert.Equal(LsmDatabaseTests.Key(seen * 2), iterator.Key.ToArray());
        }

        Assert.Equal(0, seen);
        misses = db.GetMetrics().BlockCacheMisses - missesBefore;
        Assert.Equal(misses, tableReads - readsBefore);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DamagedDataBlock_IsReportedAsCorruption(bool lz4)
    {
        CompressionType compression = lz4 ? CompressionType.Lz4 : CompressionType.None;
        MemFileSystem fs = new();
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", Options(compression)))
        {
            for (int i = 0; i < 200; i++)
            {
                db.Put(LsmDatabaseTests.Key(i), Value(i));
            }

            db.CompactRange(null, null);
        }

        string table = fs.List("/db").Single(n => FileNames.TryParse(n, out FileKind kind, out _) && kind == FileKind.Table);

        // Byte 20 lies inside the first entry of the first data block, which holds the smallest key.
        fs.FlipBit("/db/" + table, 20 * 8);
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", Options(compression) with { CreateIfMissing = false });
        using PooledBufferWriter value = new(128);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => reopened.TryGet(LsmDatabaseTests.Key(0), value));

        Assert.Contains(table, ex.FilePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PositionalReadsOff_ReadsDataBlocksThroughTheMappings(bool lz4)
    {
        int tableReads = 0;
        FaultInjectingFileSystem fs = new(new MemFileSystem())
        {
            BeforeOperation = (kind, path) => tableReads += kind == FileOperationKind.Read && path.EndsWith(".sst", StringComparison.Ordinal) ? 1 : 0,
        };
        LsmOptions options = Options(lz4 ? CompressionType.Lz4 : CompressionType.None) with { PositionalDataReads = false };
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", options);
        const int Count = 1000;
        for (int i = 0; i < Count; i++)
        {
            db.Put(LsmDatabaseTests.Key(i), Value(i));
        }

        db.CompactRange(null, null);
        int readsBefore = tableReads;
        using PooledBufferWriter value = new(128);
        for (int i = 0; i < Count; i++)
        {
            value.Clear();
            Assert.True(db.TryGet(LsmDatabaseTests.Key(i), value));
            Assert.Equal(Value(i), value.WrittenSpan.ToArray());
        }

        using DbIterator iterator = db.NewIterator();
        int seen = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            seen++;
        }

        Assert.Equal(Count, seen);
        Assert.Equal(readsBefore, tableReads);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DamagedDataBlock_FoundByAForwardScan_IsReportedAsCorruption(bool lz4)
    {
        CompressionType compression = lz4 ? CompressionType.Lz4 : CompressionType.None;
        MemFileSystem fs = new();
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", Options(compression)))
        {
            for (int i = 0; i < 2000; i++)
            {
                db.Put(LsmDatabaseTests.Key(i), Value(i));
            }

            db.CompactRange(null, null);
        }

        // The largest table, so that a scan crosses many of its blocks.
        (string table, long length) = fs.List("/db")
            .Where(n => FileNames.TryParse(n, out FileKind kind, out _) && kind == FileKind.Table)
            .Select(n => (n, Length(fs, "/db/" + n)))
            .MaxBy(t => t.Item2);

        // A bit in the middle of the table's data blocks: a forward scan reaches it through the readahead window.
        fs.FlipBit("/db/" + table, length / 3 * 8);
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", Options(compression) with { CreateIfMissing = false });
        using DbIterator iterator = reopened.NewIterator();
        int seen = 0;

        CorruptionException ex = Assert.Throws<CorruptionException>(() =>
        {
            for (iterator.First(); iterator.Valid; iterator.Next())
            {
                seen++;
            }
        });

        Assert.Contains(table, ex.FilePath, StringComparison.Ordinal);
        Assert.True(seen > 100, $"the scan failed after {seen} entries, before reading ahead");
    }

    private static long Length(MemFileSystem fs, string path)
    {
        using IReadableFile file = fs.OpenRead(path);
        return file.Length;
    }
}
