using System.Text;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Snapshot = Engine.Lsm.Db.Snapshot;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// <see cref="LsmDatabase.Ingest"/>: visibility at one sequence number, shadowing in both directions, snapshots and
/// iterators opened before, rejected runs leaving nothing behind, placement, table cutting, reopen and compaction.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmIngestTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string? S(byte[]? bytes) => bytes is null ? null : Encoding.ASCII.GetString(bytes);

    private static List<(string Key, string Value)> Scan(LsmDatabase db, Snapshot? snapshot = null)
    {
        using DbIterator it = db.NewIterator(new IteratorOptions { Snapshot = snapshot });
        List<(string, string)> entries = [];
        for (it.First(); it.Valid; it.Next())
        {
            entries.Add((Encoding.ASCII.GetString(it.Key), Encoding.ASCII.GetString(it.Value)));
        }

        return entries;
    }

    private static List<string> Tables(MemFileSystem fs) =>
        [.. fs.List("/db").Where(n => FileNames.TryParse(n, out FileKind kind, out _) && kind == FileKind.Table).Order()];

    private static ListEntrySource Numbered(int count, string valuePrefix, int step = 1) =>
        new([.. Enumerable.Range(0, count).Select(i => (B($"k{i * step:D6}"), (byte[]?)B($"{valuePrefix}{i}")))]);

    [Fact]
    public void Ingest_EmptyStore_GoesToTheBottomLevel_AndEveryEntryIsVisible()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Put("x"u8, "24"u8);

        IngestResult result = db.Ingest(ListEntrySource.Of(("a", "1"), ("b", "2"), ("c", null), ("d", "4")));

        Assert.Equal(1, result.Tables);
        Assert.Equal(TreeVersion.LevelCount - 1, result.Level);
        Assert.Equal(2UL, result.Sequence);
        Assert.Equal(4, result.Entries);
        Assert.True(result.Bytes > 0);
        Assert.Equal("1", S(db.Get("a"u8)));
        Assert.Null(db.Get("c"u8));
        Assert.Equal([("a", "1"), ("b", "2"), ("d", "4"), ("x", "24")], Scan(db));
        byte[]?[] results = new byte[]?[3];
        db.MultiGet([B("d"), B("c"), B("b")], results);
        Assert.Equal(["4", null, "2"], results.Select(S));

        DatabaseMetrics metrics = db.GetMetrics();
        Assert.Equal(1, metrics.FilesPerLevel[TreeVersion.LevelCount - 1]);
        Assert.Equal(1, metrics.IngestCount);
        Assert.Equal(1, metrics.IngestedTables);
        Assert.Equal(result.Bytes, metrics.IngestedBytes);
        Assert.Equal(4, metrics.IngestedEntries);
        Assert.Equal(2UL, metrics.VisibleSequence);

        // The next write comes after the ingest.
        db.Put("e"u8, "5"u8);
        Assert.Equal(3UL, db.GetMetrics().VisibleSequence);
    }

    [Fact]
    public void Ingest_EmptySource_ChangesNothing()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Put("a"u8, "1"u8);

        IngestResult result = db.Ingest(ListEntrySource.Of());

        Assert.Equal((0, 0L, -1, 0UL, 0L), (result.Tables, result.Bytes, result.Level, result.Sequence, result.Entries));
        Assert.Empty(Tables(fs));
        Assert.Equal(1UL, db.GetMetrics().VisibleSequence);
    }

    [Fact]
    public void Ingest_OverKeysInTheMemtable_FlushesThem_AndTheIngestWins_ThenLaterWritesWin()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Put("a"u8, "old-a"u8);
        db.Put("b"u8, "old-b"u8);
        db.Put("z"u8, "old-z"u8);

        IngestResult result = db.Ingest(ListEntrySource.Of(("a", "new-a"), ("b", null), ("c", "new-c")));

        Assert.Equal(1, db.GetMetrics().FlushCount);
        Assert.Equal(0, result.Level);
        Assert.Equal("new-a", S(db.Get("a"u8)));
        Assert.Null(db.Get("b"u8));
        Assert.Equal([("a", "new-a"), ("c", "new-c"), ("z", "old-z")], Scan(db));

        db.Put("a"u8, "newest-a"u8);
        db.Put("b"u8, "newest-b"u8);
        db.Delete("c"u8);
        Assert.Equal([("a", "newest-a"), ("b", "newest-b"), ("z", "old-z")], Scan(db));
        db.Flush();
        Assert.Equal([("a", "newest-a"), ("b", "newest-b"), ("z", "old-z")], Scan(db));
        Assert.Empty(db.Verify().Problems);
    }

    [Fact]
    public void Ingest_MemtableOutsideTheRun_IsNotFlushed()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Put("a"u8, "1"u8);
        db.Put("z"u8, "26"u8);

        IngestResult result = db.Ingest(ListEntrySource.Of(("m", "13"), ("n", "14")));

        Assert.Equal(0, db.GetMetrics().FlushCount);
        Assert.Equal(TreeVersion.LevelCount - 1, result.Level);
        Assert.Equal([("a", "1"), ("m", "13"), ("n", "14"), ("z", "26")], Scan(db));
    }

    [Fact]
    public void Ingest_RangeTombstoneInTheMemtableOverTheRun_IsFlushedFirst()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Put("m"u8, "old"u8);
        db.DeleteRange("a"u8, "z"u8);

        db.Ingest(ListEntrySource.Of(("m", "new")));

        Assert.Equal(1, db.GetMetrics().FlushCount);
        Assert.Equal("new", S(db.Get("m"u8)));
        Assert.Equal([("m", "new")], Scan(db));
    }

    [Fact]
    public void Ingest_DeletesAndPuts_ShadowOlderTablesBelow()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Ingest(ListEntrySource.Of(("a", "1"), ("b", "2"), ("c", "3")));

        IngestResult second = db.Ingest(ListEntrySource.Of(("b", null), ("c", "33")));

        Assert.Equal(TreeVersion.LevelCount - 2, second.Level);
        Assert.Equal([("a", "1"), ("c", "33")], Scan(db));
        Assert.Null(db.Get("b"u8));
    }

    [Fact]
    public void Ingest_L0Overlaps_GoesToL0AsItsNewestTable()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { L0CompactionTrigger = 10, L0SlowdownWritesTrigger = 10, L0StopWritesTrigger = 20 });
        db.Put("c"u8, "old"u8);
        db.Flush();

        IngestResult result = db.Ingest(ListEntrySource.Of(("b", "new-b"), ("c", "new-c")));

        Assert.Equal(0, result.Level);
        Assert.Equal(2, db.GetMetrics().FilesPerLevel[0]);
        Assert.Equal("new-c", S(db.Get("c"u8)));
        Assert.Empty(db.Verify().Problems);
    }

    [Fact]
    public void Ingest_SnapshotsAndIteratorsOpenedBefore_DoNotSeeIt()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Put("a"u8, "old"u8);
        db.Flush();
        using Snapshot snapshot = db.GetSnapshot();
        using DbIterator before = db.NewIterator();

        db.Ingest(ListEntrySource.Of(("a", "new"), ("b", "new")));

        Assert.Equal("old", S(db.Get("a"u8, snapshot)));
        Assert.Null(db.Get("b"u8, snapshot));
        Assert.Equal([("a", "old")], Scan(db, snapshot));
        List<string> seen = [];
        for (before.First(); before.Valid; before.Next())
        {
            seen.Add(Encoding.ASCII.GetString(before.Key) + "=" + Encoding.ASCII.GetString(before.Value));
        }

        Assert.Equal(["a=old"], seen);
        Assert.Equal([("a", "new"), ("b", "new")], Scan(db));
    }

    [Theory]
    [InlineData("unsorted")]
    [InlineData("duplicate")]
    [InlineData("empty")]
    [InlineData("long key")]
    public void Ingest_BadRun_ThrowsArgumentException_InstallsNothing_AndLeavesNoTable(string fault)
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { TargetFileSizeBytes = 4096 });
        db.Put("x"u8, "1"u8);
        List<(byte[] Key, byte[]? Value)> entries = [.. Enumerable.Range(0, 2000).Select(i => (B($"k{i:D6}"), (byte[]?)new byte[20]))];
        entries[1400] = fault switch
        {
            "unsorted" => (B("k000001"), B("v")),
            "duplicate" => (B("k001399"), null),
            "empty" => ([], B("v")),
            _ => (new byte[Defaults.MaxKeySizeBytes + 1], B("v")),
        };

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => db.Ingest(new ListEntrySource(entries)));

        Assert.Equal("entries", error.ParamName);
        Assert.Contains("1400", error.Message);
        Assert.Empty(Tables(fs));
        Assert.Equal([("x", "1")], Scan(db));
        Assert.Equal(0, db.GetMetrics().IngestCount);

        // The store goes on: a failed run is the caller's error, not the store's.
        db.Put("y"u8, "2"u8);
        db.Ingest(ListEntrySource.Of(("k", "3")));
        Assert.Equal([("k", "3"), ("x", "1"), ("y", "2")], Scan(db));
    }

    [Fact]
    public void Ingest_SourceThrows_PropagatesIt_InstallsNothing_AndTheStoreGoesOn()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { TargetFileSizeBytes = 4096 });
        List<(byte[] Key, byte[]? Value)> entries = [.. Enumerable.Range(0, 2000).Select(i => (B($"k{i:D6}"), (byte[]?)new byte[20]))];

        Assert.Throws<InvalidOperationException>(() => db.Ingest(new ListEntrySource(entries) { ThrowAt = 1500 }));

        Assert.Empty(Tables(fs));
        Assert.Empty(Scan(db));
        db.Put("a"u8, "1"u8);
        Assert.Equal("1", S(db.Get("a"u8)));
    }

    [Fact]
    public void Ingest_LargeRun_IsCutIntoTablesOfTheTargetSize_InOneLevel()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { TargetFileSizeBytes = 4096, BlockSizeBytes = 512 });

        IngestResult result = db.Ingest(Numbered(20000, "value-"));

        Assert.True(result.Tables > 10, $"{result.Tables} tables");
        Assert.Equal(result.Tables, db.GetMetrics().FilesPerLevel[result.Level]);
        Assert.Equal(20000, Scan(db).Count);
        Assert.Equal("value-4321", S(db.Get("k004321"u8)));
        Assert.Empty(db.Verify().Problems);
    }

    [Fact]
    public void Ingest_Reopen_KeepsEverything()
    {
        MemFileSystem fs = new();
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db"))
        {
            db.Put("a"u8, "1"u8, WriteOptions.Synced);
            db.Ingest(ListEntrySource.Of(("b", "2"), ("c", "3")));
            db.Put("d"u8, "4"u8, WriteOptions.Synced);
        }

        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db");
        Assert.Equal([("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")], Scan(reopened));
        Assert.Equal(3UL, reopened.GetMetrics().VisibleSequence);
    }

    [Fact]
    public void Ingest_CrashRightAfterIt_KeepsItAndEverySyncedWrite()
    {
        MemFileSystem fs = new();
        MemFileSystem crashed;
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db"))
        {
            db.Put("a"u8, "1"u8, WriteOptions.Synced);
            db.Ingest(ListEntrySource.Of(("a", "2"), ("b", "2")));
            crashed = fs.CrashClone();
        }

        using LsmDatabase reopened = LsmDatabase.Open(crashed, "/db");
        Assert.Equal([("a", "2"), ("b", "2")], Scan(reopened));
    }

    [Fact]
    public void Ingest_ThenCompaction_KeepsTheDataCorrect()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { TargetFileSizeBytes = 4096, BlockSizeBytes = 256, L0CompactionTrigger = 2 });
        SortedDictionary<string, string> model = new(StringComparer.Ordinal);
        for (int round = 0; round < 6; round++)
        {
            for (int i = 0; i < 50; i++)
            {
                string key = $"k{(i * 7 + round) % 200:D6}";
                db.Put(B(key), B($"put{round}"));
                model[key] = $"put{round}";
            }

            List<(byte[] Key, byte[]? Value)> run = [];
            for (int i = round; i < 200; i += 3)
            {
                string key = $"k{i:D6}";
                bool delete = (i + round) % 5 == 0;
                run.Add((B(key), delete ? null : B($"ingest{round}")));
                if (delete)
                {
                    model.Remove(key);
                }
                else
                {
                    model[key] = $"ingest{round}";
                }
            }

            db.Ingest(new ListEntrySource(run));
        }

        Assert.Equal(model.Select(kv => (kv.Key, kv.Value)), Scan(db));
        db.CompactRange(null, null);
        db.WaitForBackgroundIdle();
        Assert.Equal(model.Select(kv => (kv.Key, kv.Value)), Scan(db));
        Assert.Empty(db.Verify().Problems);
    }

    [Fact]
    public void Ingest_ConcurrentWithWriters_EveryWriteAndEveryRunIsThere()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", new LsmOptions { WriteBufferSizeBytes = 16 << 10, TargetFileSizeBytes = 4096 });
        Thread[] writers = [.. Enumerable.Range(0, 3).Select(w => new Thread(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                db.Put(B($"w{w}-{i:D5}"), B($"{i}"));
            }
        }))];
        foreach (Thread writer in writers)
        {
            writer.Start();
        }

        for (int run = 0; run < 20; run++)
        {
            db.Ingest(new ListEntrySource([.. Enumerable.Range(0, 100).Select(i => (B($"i{run:D2}-{i:D5}"), (byte[]?)B($"{run}")))]));
        }

        foreach (Thread writer in writers)
        {
            writer.Join();
        }

        Assert.Equal(3 * 500 + 20 * 100, Scan(db).Count);
        Assert.Equal((ulong)(3 * 500 + 20), db.GetMetrics().VisibleSequence);
        Assert.Empty(db.Verify().Problems);
    }

    [Theory]
    [InlineData(".sst")]
    [InlineData("MANIFEST")]
    public void Ingest_SyncFails_FailsTheStore_AndAReopenHasNoPartOfTheRun(string failingFile)
    {
        MemFileSystem fs = new();
        FaultInjectingFileSystem faulty = new(fs);
        LsmDatabase db = LsmDatabase.Open(faulty, "/db", new LsmOptions { TargetFileSizeBytes = 4096 });
        db.Put("a"u8, "1"u8, WriteOptions.Synced);
        faulty.SetPolicy(new FaultPolicy { Kinds = FileOperationKind.Sync, FailAt = 2, PathContains = failingFile, Sticky = true });

        Assert.Throws<StorageException>(() => db.Ingest(Numbered(2000, "v")));

        // As after a failed flush: nothing more is acknowledged.
        StorageException refused = Assert.Throws<ReadOnlyException>(() => db.Put("b"u8, "2"u8));
        Assert.Equal(StorageErrorCode.ReadOnly, refused.Code);
        faulty.Disable();
        try
        {
            db.Dispose();
        }
        catch (StorageException)
        {
            // Closing a failed store may report the failure again.
        }

        using LsmDatabase reopened = LsmDatabase.Open(fs.CrashClone(), "/db");
        List<(string Key, string Value)> entries = Scan(reopened);
        Assert.True(entries.SequenceEqual([("a", "1")]) || entries.Count == 2001, $"{entries.Count} entries after reopen: part of a run");
        Assert.True(reopened.Verify().IsHealthy);
    }

    [Fact]
    public void Ingest_ClosedStore_Throws()
    {
        MemFileSystem fs = new();
        LsmDatabase db = LsmDatabase.Open(fs, "/db");
        db.Dispose();

        StorageException error = Assert.Throws<StorageException>(() => db.Ingest(ListEntrySource.Of(("a", "1"))));
        Assert.Equal(StorageErrorCode.FailedPrecondition, error.Code);
    }
}
