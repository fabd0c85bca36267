using System.Text;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Xunit.Abstractions;
using DatabaseMetrics = Engine.Api.DatabaseMetrics;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Cache;

/// <summary>
/// Both caches inside a store: a store of many small tables under a tiny open-table bound, and a compressed store whose
/// repeated reads come from the block cache, also across reopened tables.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StoreCacheTests(ITestOutputHelper output)
{
    private const int Keys = 8000;
    private const int Bound = Defaults.MinOpenTables;

    private static readonly LsmOptions s_manyTables = new()
    {
        WriteBufferSizeBytes = 8 << 10,
        BlockSizeBytes = 512,
        TargetFileSizeBytes = 4 << 10,
        L0CompactionTrigger = 4,
        Compression = CompressionType.Lz4,
        BlockCacheBytes = 8 << 20,
        MaxOpenTables = Bound,
    };

    [Fact]
    public void Get_ManyTablesUnderTinyBound_EveryReadRightAndNeverMoreThanBoundOpen()
    {
        using LsmDatabase db = Load(s_manyTables);
        int tables = db.GetMetrics().FilesPerLevel.Sum();
        Assert.True(tables > 3 * Bound, $"only {tables} tables");
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < Keys; i++)
            {
                Assert.Equal(Value(i), db.Get(Key(i)));
                int open = db.GetMetrics().OpenTables;
                Assert.True(open <= Bound, $"{open} tables open after reading key {i}");
            }

            Assert.Null(db.Get(Encoding.ASCII.GetBytes("missing")));
        }

        DatabaseMetrics metrics = db.GetMetrics();
        output.WriteLine($"{tables} tables; table cache hits {metrics.TableCacheHits}, misses {metrics.TableCacheMisses}, evictions {metrics.TableCacheEvictions}");
        Assert.True(metrics.TableCacheMisses > tables && metrics.TableCacheEvictions > 0);
    }

    [Fact]
    public void Iterator_AcrossManyTablesUnderTinyBound_ScansBothWaysAndPinsOnlyWhatItUses()
    {
        using LsmDatabase db = Load(s_manyTables);
        DatabaseMetrics before = db.GetMetrics();
        int level0 = before.FilesPerLevel[0];
        Assert.True(before.FilesPerLevel.Sum() > 3 * Bound, $"only {before.FilesPerLevel.Sum()} tables");

        // The iterator pins each L0 table and the current table of each level; the rest stays within the bound.
        int allowed = Bound + level0 + before.FilesPerLevel.Count(n => n > 0);
        using (DbIterator it = db.NewIterator())
        {
            int i = 0;
            for (it.First(); it.Valid; it.Next(), i++)
            {
                Assert.Equal(Key(i), it.Key.ToArray());
                Assert.Equal(Value(i), it.Value.ToArray());
                Assert.True(i % 97 != 0 || db.GetMetrics().OpenTables <= allowed, $"{db.GetMetrics().OpenTables} open at key {i}");
            }

            Assert.Equal(Keys, i);
            for (it.Last(); it.Valid; it.Prev())
            {
                i--;
                Assert.Equal(Key(i), it.Key.ToArray());
            }

            Assert.Equal(0, i);
            it.SeekGE(Key(Keys / 2));
            Assert.Equal(Value(Keys / 2), it.Value.ToArray());
        }

        Assert.True(db.GetMetrics().OpenTables <= Bound, $"{db.GetMetrics().OpenTables} open after the iterator was disposed");
    }

    [Fact]
    public void Get_CompressedStoreWithBlockCache_RepeatedReadsHitTheCache()
    {
        using LsmDatabase db = Load(s_manyTables with { MaxOpenTables = Defaults.MaxOpenTables, BlockCacheBytes = 4 << 20 });
        ReadAll(db);
        DatabaseMetrics first = db.GetMetrics();
        ReadAll(db);
        DatabaseMetrics second = db.GetMetrics();
        output.WriteLine($"block cache: {second.BlockCacheHits} hits, {second.BlockCacheMisses} misses, {second.BlockCacheInserts} inserts, {second.BlockCacheEvictions} evictions, {second.BlockCacheUsageBytes} B");

        Assert.Equal(4 << 20, second.BlockCacheCapacityBytes);
        Assert.True(second.BlockCacheHits - first.BlockCacheHits >= Keys, $"{second.BlockCacheHits - first.BlockCacheHits} hits on the second pass");
        Assert.Equal(first.BlockCacheInserts, second.BlockCacheInserts);
        Assert.InRange(second.BlockCacheUsageBytes, 1, second.BlockCacheCapacityBytes);
    }

    [Fact]
    public void Get_BlockCacheDisabled_ReadsRightWithoutCaching()
    {
        using LsmDatabase db = Load(s_manyTables with { BlockCacheBytes = 0 });
        ReadAll(db);
        DatabaseMetrics metrics = db.GetMetrics();
        Assert.Equal(0, metrics.BlockCacheCapacityBytes);
        Assert.Equal(0, metrics.BlockCacheHits + metrics.BlockCacheMisses + metrics.BlockCacheUsageBytes);
    }

    [Fact]
    public void Get_TablesReopenedAfterTheBoundClosedThem_FindTheirBlocksCached()
    {
        using LsmDatabase db = Load(s_manyTables);
        ReadAll(db);
        DatabaseMetrics first = db.GetMetrics();
        ReadAll(db);
        DatabaseMetrics second = db.GetMetrics();
        Assert.True(second.TableCacheMisses > first.TableCacheMisses, "no table was reopened");
        Assert.Equal(first.BlockCacheInserts, second.BlockCacheInserts);
        Assert.Equal(0, second.BlockCacheEvictions);
    }

    [Theory]
    [InlineData(nameof(LsmOptions.MaxOpenTables))]
    [InlineData(nameof(LsmOptions.BlockCacheBytes))]
    public void Open_CacheOptionOutOfRange_IsInvalidArgumentNamingIt(string property)
    {
        LsmOptions options = property == nameof(LsmOptions.MaxOpenTables)
            ? new LsmOptions { MaxOpenTables = Defaults.MinOpenTables - 1 }
            : new LsmOptions { BlockCacheBytes = -1 };
        StorageException ex = Assert.Throws<StorageException>(() => LsmDatabase.Open(new MemFileSystem(), "/db", options).Dispose());
        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsFileText_NamesCacheOptions()
    {
        string text = (s_manyTables with { BlockCacheBytes = 12345 }).ToOptionsFileText();
        Assert.Contains("BlockCacheBytes=12345\n", text, StringComparison.Ordinal);
        Assert.Contains($"MaxOpenTables={Bound}\n", text, StringComparison.Ordinal);
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key{i:D6}");

    /// <summary>Compressible values, unique per key.</summary>
    private static byte[] Value(int i)
    {
        byte[] value = new byte[80];
        Encoding.ASCII.GetBytes($"value-{i:D6}").CopyTo(value, 0);
        return value;
    }

    /// <summary>A store of <see cref="Keys"/> keys written in order, flushed, with compaction settled.</summary>
    private static LsmDatabase Load(LsmOptions options)
    {
        LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", options);
        for (int i = 0; i < Keys; i++)
        {
            db.Put(Key(i), Value(i));
        }

        db.Flush();

        // Compaction runs while L0 holds the trigger's count of tables; below it, nothing runs.
        Assert.True(SpinWait.SpinUntil(() => db.GetMetrics().FilesPerLevel[0] < options.L0CompactionTrigger, TimeSpan.FromSeconds(60)), "compaction did not settle");
        return db;
    }

    private static void ReadAll(LsmDatabase db)
    {
        for (int i = 0; i < Keys; i++)
        {
            Assert.Equal(Value(i), db.Get(Key(i)));
        }
    }
}
