using Engine.Core.Buffers;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using DatabaseMetrics = Engine.Api.DatabaseMetrics;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Db;

[Trait("Category", "Unit")]
public sealed class LsmDatabaseTests
{
    private static readonly LsmOptions s_small = new() { WriteBufferSizeBytes = 8 << 10, BlockSizeBytes = 512 };

    [Fact]
    public void PutGetDelete_RoundTrip()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);
        db.Put("a"u8, "1"u8);
        db.Put("b"u8, "2"u8);
        db.Delete("a"u8);

        Assert.Null(db.Get("a"u8));
        Assert.Equal("2"u8.ToArray(), db.Get("b"u8));
        using PooledBufferWriter buffer = new();
        Assert.True(db.TryGet("b"u8, buffer));
        Assert.Equal("2"u8.ToArray(), buffer.WrittenSpan.ToArray());
        Assert.False(db.TryGet("zz"u8, buffer));
    }

    [Fact]
    public void DeleteRange_HidesKeysInRangeOnly_AcrossFlush()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);
        for (int i = 0; i < 100; i++)
        {
            db.Put(Key(i), Key(i));
        }

        db.Flush();
        db.DeleteRange(Key(10), Key(20));
        db.Put(Key(15), "back"u8);
        db.Flush();

        Assert.Null(db.Get(Key(10)));
        Assert.Null(db.Get(Key(19)));
        Assert.Equal("back"u8.ToArray(), db.Get(Key(15)));
        Assert.Equal(Key(9), db.Get(Key(9)));
        Assert.Equal(Key(20), db.Get(Key(20)));
        Assert.Equal(91, Count(db));
    }

    [Fact]
    public void Snapshot_SeesStateWhenTaken_AfterFlushAndCompaction()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small with { L0CompactionTrigger = 2 });
        db.Put("k"u8, "old"u8);
        using Snapshot snapshot = db.GetSnapshot();
        db.Put("k"u8, "new"u8);
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < 200; i++)
            {
                db.Put(Key(i), new byte[40]);
            }

            db.Flush();
        }

        // Compaction runs in the background after the flushes; read only once it has merged L0.
        Assert.True(SpinWait.SpinUntil(() => db.GetMetrics().CompactionCount > 0, TimeSpan.FromSeconds(30)), "no compaction ran");
        Assert.Equal("old"u8.ToArray(), db.Get("k"u8, snapshot));
        Assert.Equal("new"u8.ToArray(), db.Get("k"u8));
        using DbIterator it = db.NewIterator(new IteratorOptions { Snapshot = snapshot });
        it.First();
        Assert.Equal("k"u8.ToArray(), it.Key.ToArray());
    }

    [Fact]
    public void Iterator_KeepsItsVersion_WhileCompactionReplacesTables()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small with { L0CompactionTrigger = 2 });
        for (int i = 0; i < 300; i++)
        {
            db.Put(Key(i), Key(i));
        }

        db.Flush();
        using DbIterator it = db.NewIterator();
        it.First();
        for (int i = 0; i < 300; i++)
        {
            db.Delete(Key(i));
        }

        db.Flush();
        db.Flush();
        int seen = 0;
        for (; it.Valid; it.Next())
        {
            Assert.Equal(Key(seen), it.Key.ToArray());
            seen++;
        }

        Assert.Equal(300, seen);
        Assert.Equal(0, Count(db));
    }

    [Fact]
    public void PrefixIteration_ReturnsOnlyPrefixedKeys()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);
        db.Put("app"u8, "1"u8);
        db.Put("apple"u8, "2"u8);
        db.Put("apq"u8, "3"u8);
        db.Put("ap"u8, "4"u8);

        using DbIterator it = db.NewIterator(new IteratorOptions { Prefix = "app"u8.ToArray() });
        List<string> keys = [];
        for (it.First(); it.Valid; it.Next())
        {
            keys.Add(System.Text.Encoding.ASCII.GetString(it.Key));
        }

        Assert.Equal(["app", "apple"], keys);
    }

    [Fact]
    public void Reopen_ReturnsSameData_AndWritesOptionsFile()
    {
        MemFileSystem fs = new();
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", s_small))
        {
            for (int i = 0; i < 1000; i++)
            {
                db.Put(Key(i), Key(i * 7));
            }
        }

        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", s_small))
        {
            for (int i = 0; i < 1000; i++)
            {
                Assert.Equal(Key(i * 7), db.Get(Key(i)));
            }
        }

        string options = Assert.Single(fs.List("/db"), n => n.StartsWith("OPTIONS-", StringComparison.Ordinal));
        Assert.Contains("WriteBufferSizeBytes=8192", System.Text.Encoding.UTF8.GetString(fs.ReadAllBytes("/db/" + options)), StringComparison.Ordinal);
    }

    [Fact]
    public void SecondOpen_OfSameDirectory_FailsWhileFirstWorks()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_small);

        StorageException ex = Assert.Throws<Engine.Api.DatabaseLockedException>(() => LsmDatabase.Open(fs, "/db", s_small));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        db.Put("still"u8, "works"u8);
        Assert.Equal("works"u8.ToArray(), db.Get("still"u8));
    }

    [Fact]
    public void BadArguments_AreInvalidArgument()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);

        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => db.Put([], "v"u8)).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => db.Put(new byte[Defaults.MaxKeySizeBytes + 1], "v"u8)).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => db.DeleteRange("b"u8, "a"u8)).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => LsmDatabase.Open(new MemFileSystem(), "/x", new LsmOptions { BlockSizeBytes = 1 })).Code);
        StorageException stop = Assert.Throws<StorageException>(() => LsmDatabase.Open(new MemFileSystem(), "/x", new LsmOptions { L0CompactionTrigger = 8, L0StopWritesTrigger = 4 }));
        Assert.Equal(StorageErrorCode.InvalidArgument, stop.Code);
        Assert.Contains(nameof(LsmOptions.L0StopWritesTrigger), stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeValue_BiggerThanMemtable_IsStoredAndRead()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);
        byte[] value = new byte[100_000];
        new Random(3).NextBytes(value);

        db.Put("big"u8, value);
        db.Put("small"u8, "s"u8);

        Assert.Equal(value, db.Get("big"u8));
        db.Flush();
        Assert.Equal(value, db.Get("big"u8));
    }

    [Fact]
    public void ClosedStoreAndDisposedSnapshot_AreFailedPrecondition_DisposedIteratorIsObjectDisposed()
    {
        LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);
        db.Put("a"u8, "1"u8);
        Snapshot snapshot = db.GetSnapshot();
        snapshot.Dispose();
        DbIterator it = db.NewIterator();
        it.Dispose();

        Assert.Equal(StorageErrorCode.FailedPrecondition, Assert.Throws<StorageException>(() => db.Get("a"u8, snapshot)).Code);
        Assert.Throws<ObjectDisposedException>(() => it.First());
        db.Dispose();
        Assert.Equal(StorageErrorCode.FailedPrecondition, Assert.Throws<StorageException>(() => db.Get("a"u8)).Code);
        Assert.Equal(StorageErrorCode.FailedPrecondition, Assert.Throws<StorageException>(() => db.Put("a"u8, "2"u8)).Code);
    }

    [Fact]
    public void ForeignSnapshot_ReadsAndIterators_ThrowArgument()
    {
        using LsmDatabase first = LsmDatabase.Open(new MemFileSystem(), "/first", s_small);
        using LsmDatabase second = LsmDatabase.Open(new MemFileSystem(), "/second", s_small);
        first.Put("a"u8, "1"u8);
        second.Put("a"u8, "2"u8);
        using Snapshot foreign = first.GetSnapshot();

        Assert.Throws<ArgumentException>(() => second.Get("a"u8, foreign));
        Assert.Throws<ArgumentException>(() => second.NewIterator(new IteratorOptions { Snapshot = foreign }));
        Assert.Throws<ArgumentException>(() => second.MultiGet(["a"u8.ToArray()], new byte[]?[1], foreign));
        Assert.Equal("1"u8.ToArray(), first.Get("a"u8, foreign));
    }

    [Fact]
    public void FailedWalSync_StopsAcknowledgingWrites_ReadsGoOn_AndReopenRecoversAcknowledged()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_small);
        db.Put("acked"u8, "1"u8, WriteOptions.Synced);
        fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 1) with { PathContains = ".log" });

        StorageException first = Assert.Throws<StorageException>(() => db.Put("lost"u8, "2"u8, WriteOptions.Synced));
        Assert.Equal(StorageErrorCode.Unavailable, first.Code);
        fs.Disable();
        StorageException later = Assert.Throws<Engine.Api.ReadOnlyException>(() => db.Put("later"u8, "3"u8));
        Assert.Equal(StorageErrorCode.ReadOnly, later.Code);
        Assert.Contains("injected", later.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1"u8.ToArray(), db.Get("acked"u8));
        db.Dispose();

        using LsmDatabase reopened = LsmDatabase.Open(mem.CrashClone(), "/db", s_small);
        Assert.Equal("1"u8.ToArray(), reopened.Get("acked"u8));
        Assert.Null(reopened.Get("later"u8));
    }

    [Fact]
    public void ConcurrentSyncedWriters_AreGroupCommitted_AndAllDurable()
    {
        MemFileSystem mem = new();
        SlowSyncFileSystem slow = new(mem, TimeSpan.FromMilliseconds(2));
        const int Threads = 4;
        const int PerThread = 50;
        using (LsmDatabase db = LsmDatabase.Open(slow, "/db", new LsmOptions()))
        {
            long syncsBefore = slow.Syncs;
            Thread[] writers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                using WriteBatch batch = new();
                for (int i = 0; i < PerThread; i++)
                {
                    batch.Clear();
                    batch.Put(Key((t * PerThread) + i), Key(t));
                    db.Write(batch, WriteOptions.Synced);
                }
            })).ToArray();
            foreach (Thread writer in writers)
            {
                writer.Start();
            }

            foreach (Thread writer in writers)
            {
                writer.Join();
            }

            // While one leader syncs for 2 ms the other writers queue behind it and share its next sync; one fsync
            // per write would make this Threads * PerThread.
            long syncs = slow.Syncs - syncsBefore;
            Assert.True(syncs <= Threads * PerThread / 2, $"{syncs} syncs for {Threads * PerThread} synced writes");
        }

        using LsmDatabase reopened = LsmDatabase.Open(mem.CrashClone(), "/db", new LsmOptions());
        for (int t = 0; t < Threads; t++)
        {
            for (int i = 0; i < PerThread; i++)
            {
                Assert.Equal(Key(t), reopened.Get(Key((t * PerThread) + i)));
            }
        }
    }

    [Fact]
    public void Iterator_OutlivingTheStore_StillReadsItsTables()
    {
        MemFileSystem fs = new();
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_small);
        for (int i = 0; i < 400; i++)
        {
            db.Put(Key(i), Key(i));
        }

        db.Flush();
        DbIterator it = db.NewIterator();
        db.Dispose();

        int seen = 0;
        for (it.First(); it.Valid; it.Next())
        {
            Assert.Equal(Key(seen++), it.Key.ToArray());
        }

        it.Dispose();
        Assert.Equal(400, seen);
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", s_small);
        Assert.Equal(Key(399), reopened.Get(Key(399)));
    }

    [Fact]
    public void Manifest_OutgrowingItsLimit_IsRewrittenAsSnapshot_AndReopens()
    {
        MemFileSystem fs = new();
        LsmOptions options = s_small with { MaxManifestFileSizeBytes = 64 << 10 };
        string firstManifest;
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", options))
        {
            firstManifest = Assert.Single(fs.List("/db"), n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
            for (int i = 0; i < 900; i++)
            {
                db.Put(Key(i), Key(i));
                db.Flush();
            }

            string current = Assert.Single(fs.List("/db"), n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
            Assert.NotEqual(firstManifest, current);
            Assert.True(fs.GetLength("/db/" + current) < 64 << 10);
        }

        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", options);
        for (int i = 0; i < 900; i += 37)
        {
            Assert.Equal(Key(i), reopened.Get(Key(i)));
        }
    }

    [Fact]
    public void Metrics_CountFlushesAndFiles()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small with { L0CompactionTrigger = 10 });
        for (int i = 0; i < 500; i++)
        {
            db.Put(Key(i), new byte[50]);
        }

        db.Flush();
        DatabaseMetrics metrics = db.GetMetrics();

        Assert.True(metrics.FlushCount >= 1);
        Assert.True(metrics.FilesPerLevel[0] >= 1);
        Assert.True(metrics.WalBytesWritten > 500 * 50);
        Assert.Equal(500UL, metrics.VisibleSequence);
    }

    internal static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    private static int Count(LsmDatabase db)
    {
        using DbIterator it = db.NewIterator();
        int count = 0;
        for (it.First(); it.Valid; it.Next())
        {
            count++;
        }

        return count;
    }
}
