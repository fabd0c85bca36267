using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using DatabaseMetrics = Engine.Api.DatabaseMetrics;

namespace Engine.Tests.Lsm.Db;

/// <summary>Leveled compaction through the store: deep trees, snapshots across compactions, space reclaimed.</summary>
[Trait("Category", "Unit")]
public sealed class LsmCompactionTests(ITestOutputHelper output)
{
    private static readonly LsmOptions s_tiny = new()
    {
        WriteBufferSizeBytes = 4 << 10,
        TargetFileSizeBytes = 4 << 10,
        LevelBaseMaxBytes = 4 << 10,
        LevelSizeMultiplier = 2,
        L0CompactionTrigger = 2,
        BlockSizeBytes = 512,
        CheckInvariantsAfterVersionChange = true,
    };

    [Fact]
    [Trait("Category", "Randomized")]
    public void DeepTree_SixLevelsForm_AndReadsMatchModel()
    {
        int seed = TestSeed.Get(output, nameof(DeepTree_SixLevelsForm_AndReadsMatchModel));
        Random random = new(seed);
        MemFileSystem fs = new();
        Dictionary<string, byte[]> model = [];
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_tiny);
        try
        {
            for (int i = 0; i < 40_000; i++)
            {
                string key = $"key{random.Next(30_000):D6}";
                if (random.Next(10) == 0)
                {
                    db.Delete(Bytes(key));
                    model.Remove(key);
                }
                else
                {
                    byte[] value = new byte[random.Next(8, 40)];
                    random.NextBytes(value);
                    db.Put(Bytes(key), value);
                    model[key] = value;
                }
            }

            db.WaitForBackgroundIdle();
            DatabaseMetrics metrics = db.GetMetrics();
            output.WriteLine("files per level: " + string.Join(", ", metrics.FilesPerLevel));
            Assert.True(metrics.FilesPerLevel[Engine.Lsm.Manifest.TreeVersion.LevelCount - 1] > 0, "nothing reached L6");
            Assert.True(metrics.FilesPerLevel.Skip(1).Count(n => n > 0) >= 4, "fewer than four sorted levels hold data");
            AssertMatches(db, model);

            db.Dispose();
            db = LsmDatabase.Open(fs, "/db", s_tiny);
            AssertMatches(db, model);
        }
        finally
        {
            db.Dispose();
        }
    }

    [Fact]
    public void SnapshotAndIterator_OpenedBeforeCompaction_KeepTheirView()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_tiny);
        for (int i = 0; i < 500; i++)
        {
            db.Put(Bytes($"k{i:D4}"), Bytes($"old{i}"));
        }

        db.Flush();
        using Snapshot snapshot = db.GetSnapshot();
        using DbIterator iterator = db.NewIterator(new IteratorOptions());
        for (int i = 0; i < 500; i++)
        {
            if (i % 2 == 0)
            {
                db.Delete(Bytes($"k{i:D4}"));
            }
            else
            {
                db.Put(Bytes($"k{i:D4}"), Bytes($"new{i}"));
            }
        }

        db.DeleteRange(Bytes("k0100"), Bytes("k0200"));
        db.CompactRange(null, null);

        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(Bytes($"old{i}"), db.Get(Bytes($"k{i:D4}"), snapshot));
        }

        int count = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            Assert.Equal(Bytes($"old{count}"), iterator.Value.ToArray());
            count++;
        }

        Assert.Equal(500, count);
        Assert.Null(db.Get(Bytes("k0150")));
        Assert.Null(db.Get(Bytes("k0002")));
        Assert.Equal(Bytes("new301"), db.Get(Bytes("k0301")));
    }

    [Fact]
    public void ManyOverwrites_ThenCompact_SpaceWithinOnePointTwoOfLiveData()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_tiny with { WriteBufferSizeBytes = 64 << 10, TargetFileSizeBytes = 64 << 10 });
        Random random = new(1);
        const int Keys = 2000;
        long liveBytes = 0;
        for (int round = 0; round < 15; round++)
        {
            liveBytes = 0;
            for (int i = 0; i < Keys; i++)
            {
                byte[] key = Bytes($"user-{i:D10}");
                byte[] value = new byte[100];
                random.NextBytes(value);
                db.Put(key, value);
                liveBytes += key.Length + value.Length;
            }
        }

        db.WaitForBackgroundIdle();
        long before = TableBytes(fs);
        db.CompactRange(null, null);
        long after = TableBytes(fs);
        output.WriteLine($"live {liveBytes} B, tables before {before} B, after {after} B ({(double)after / liveBytes:F3}x)");
        Assert.True(after <= liveBytes * 1.2, $"{after} B on disk for {liveBytes} B of live data");
        Assert.Equal(Keys, CountKeys(db));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeleteEverything_ThenCompact_LeavesAtMostTwoPercent(bool byRange)
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_tiny with { WriteBufferSizeBytes = 32 << 10, TargetFileSizeBytes = 16 << 10 });
        Random random = new(2);
        for (int i = 0; i < 5000; i++)
        {
            byte[] value = new byte[100];
            random.NextBytes(value);
            db.Put(Bytes($"user-{i:D10}"), value);
        }

        db.CompactRange(null, null);
        long full = TableBytes(fs);
        if (byRange)
        {
            db.DeleteRange(Bytes("user-"), Bytes("user."));
        }
        else
        {
            for (int i = 0; i < 5000; i++)
            {
                db.Delete(Bytes($"user-{i:D10}"));
            }
        }

        db.CompactRange(null, null);
        long after = TableBytes(fs);
        output.WriteLine($"before delete {full} B, after delete and compaction {after} B");
        Assert.True(after <= full * 0.02, $"{after} B left of {full} B");
        Assert.Equal(0, CountKeys(db));
    }

    [Fact]
    public void CompactRange_WithSnapshot_KeepsWhatTheSnapshotSees()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_tiny);
        for (int i = 0; i < 1000; i++)
        {
            db.Put(Bytes($"k{i:D5}"), new byte[50]);
        }

        using (Snapshot snapshot = db.GetSnapshot())
        {
            for (int i = 0; i < 1000; i++)
            {
                db.Delete(Bytes($"k{i:D5}"));
            }

            db.CompactRange(null, null);
            Assert.NotNull(db.Get(Bytes("k00500"), snapshot));
            Assert.True(TableBytes(fs) > 1000 * 50, "the snapshot's data was dropped");
        }

        // With the snapshot gone, a second compaction drops everything.
        db.CompactRange(null, null);
        Assert.True(TableBytes(fs) < 1000, $"{TableBytes(fs)} B left");
    }

    [Fact]
    public void CompactRange_TwoSnapshots_KeepsTheNewestVersionOfEachStripe()
    {
        // Versions v1 | A | v2 v3 | B | v4: snapshot A reads v1, B reads v3, the present v4; nobody reads v2.
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_tiny with { TargetFileSizeBytes = 256 << 10 });
        Random random = new(7);
        const int Keys = 500;
        const int ValueBytes = 400;
        void WriteVersion(int version)
        {
            for (int i = 0; i < Keys; i++)
            {
                byte[] value = new byte[ValueBytes];
                random.NextBytes(value);
                value[0] = (byte)version;
                db.Put(Bytes($"k{i:D5}"), value);
            }
        }

        WriteVersion(1);
        using Snapshot a = db.GetSnapshot();
        WriteVersion(2);
        WriteVersion(3);
        using Snapshot b = db.GetSnapshot();
        WriteVersion(4);
        db.CompactRange(null, null);

        for (int i = 0; i < Keys; i += 13)
        {
            Assert.Equal(1, db.Get(Bytes($"k{i:D5}"), a)![0]);
            Assert.Equal(3, db.Get(Bytes($"k{i:D5}"), b)![0]);
            Assert.Equal(4, db.Get(Bytes($"k{i:D5}"))![0]);
        }

        long bytes = TableBytes(fs);
        output.WriteLine($"{bytes} B of tables for 3 kept versions of {Keys * ValueBytes} B each");
        Assert.InRange(bytes, 3L * Keys * ValueBytes, 3.5 * Keys * ValueBytes);
    }

    [Fact]
    public void CompactRange_OnePart_LeavesTheRestReadable()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_tiny);
        for (int i = 0; i < 2000; i++)
        {
            db.Put(Bytes($"k{i:D5}"), Bytes($"v{i}"));
        }

        db.DeleteRange(Bytes("k00500"), Bytes("k01000"));
        db.CompactRange(Bytes("k00400"), Bytes("k01100"));
        for (int i = 0; i < 2000; i += 7)
        {
            byte[]? value = db.Get(Bytes($"k{i:D5}"));
            Assert.Equal(i is >= 500 and < 1000 ? null : Bytes($"v{i}"), value);
        }

        Assert.Equal(1500, CountKeys(db));
    }

    [Fact]
    public void NewIterator_AgainOverManyTables_OpensNoTableForRangeTombstones()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_tiny with { MaxOpenTables = 16 });
        for (int i = 0; i < 20_000; i++)
        {
            db.Put(Bytes($"k{i:D6}"), new byte[40]);
        }

        db.DeleteRange(Bytes("k000100"), Bytes("k000200"));
        db.CompactRange(null, null);
        Assert.True(db.GetMetrics().FilesPerLevel.Sum() > 32, "too few tables to exceed the open-table bound");
        using (DbIterator first = db.NewIterator(new IteratorOptions()))
        {
            first.SeekGE(Bytes("k000150"));
            Assert.Equal(Bytes("k000200"), first.Key.ToArray());
        }

        long missesBefore = db.GetMetrics().TableCacheMisses;
        using DbIterator second = db.NewIterator(new IteratorOptions());
        Assert.Equal(missesBefore, db.GetMetrics().TableCacheMisses);
        second.SeekGE(Bytes("k000150"));
        Assert.Equal(Bytes("k000200"), second.Key.ToArray());
    }

    /// <summary>Regression: two CompactRange calls at once both picked the same tables; the second install failed.</summary>
    [Fact]
    public async Task ConcurrentCompactRange_RunOneAfterAnother_AndKeepTheData()
    {
        // Slow table creation widens the window between one call picking tables and installing its result.
        FaultInjectingFileSystem fs = new(new MemFileSystem())
        {
            BeforeOperation = (kind, path) =>
            {
                if (kind == FileOperationKind.Create && path.EndsWith(".sst", StringComparison.Ordinal))
                {
                    Thread.Sleep(2);
                }
            },
        };
        Dictionary<string, byte[]> model = [];
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_tiny);
        for (int i = 0; i < 3000; i++)
        {
            string key = $"key{i * 7 % 1000:D4}";
            model[key] = Bytes($"value {i}");
            db.Put(Bytes(key), model[key]);
        }

        Task[] compactors = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            for (int round = 0; round < 5; round++)
            {
                db.CompactRange(null, null);
            }
        }))];
        await Task.WhenAll(compactors);

        AssertMatches(db, model);
        Assert.True(db.Verify().IsHealthy);
    }

    private static void AssertMatches(LsmDatabase db, Dictionary<string, byte[]> model)
    {
        foreach ((string key, byte[] value) in model)
        {
            Assert.Equal(value, db.Get(Bytes(key)));
        }

        using DbIterator it = db.NewIterator(new IteratorOptions());
        int count = 0;
        for (it.First(); it.Valid; it.Next())
        {
            string key = System.Text.Encoding.ASCII.GetString(it.Key);
            Assert.True(model.TryGetValue(key, out byte[]? expected), $"iterator returned deleted key {key}");
            Assert.Equal(expected, it.Value.ToArray());
            count++;
        }

        Assert.Equal(model.Count, count);
    }

    private static int CountKeys(LsmDatabase db)
    {
        using DbIterator it = db.NewIterator(new IteratorOptions());
        int count = 0;
        for (it.First(); it.Valid; it.Next())
        {
            count++;
        }

        return count;
    }

    /// <summary>The bytes of the tables on disk now; a table a background compaction deletes meanwhile counts as gone.</summary>
    private static long TableBytes(MemFileSystem fs)
    {
        long total = 0;
        foreach (string name in fs.List("/db").Where(n => n.EndsWith(".sst", StringComparison.Ordinal)))
        {
            try
            {
                total += fs.GetLength("/db/" + name);
            }
            catch (Engine.Api.StorageException e) when (e.Code == Engine.Api.StorageErrorCode.NotFound)
            {
            }
        }

        return total;
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
