using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Db;

/// <summary>Checkpoints are consistent prefixes of the write order, open as stores, and leave the source alone.</summary>
[Trait("Category", "Unit")]
public sealed class LsmCheckpointTests(ITestOutputHelper output)
{
    private const int MaxWrites = 40_000;

    private static readonly LsmOptions s_options = new() { WriteBufferSizeBytes = 16 << 10, BlockSizeBytes = 512, L0CompactionTrigger = 2, CheckInvariantsAfterVersionChange = true };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Checkpoint_DuringConcurrentWrites_IsAPrefixThatOpensAndVerifiesClean(bool localDisk)
    {
        using StoreLocation location = new(localDisk);
        string source = location.Combine("db");
        string target = location.Combine("checkpoint");
        int acknowledged = 0;
        int before;
        int after;
        using (LsmDatabase db = LsmDatabase.Open(location.Fs, source, s_options))
        {
            using CancellationTokenSource stop = new();
            Task writer = Task.Run(() =>
            {
                for (int i = 0; i < MaxWrites && !stop.IsCancellationRequested; i++)
                {
                    db.Put(Key(i), Value(i));
                    Volatile.Write(ref acknowledged, i + 1);
                }
            });

            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref acknowledged) >= 3000, TimeSpan.FromSeconds(60)), "the writer made no progress");
            before = Volatile.Read(ref acknowledged);
            db.Checkpoint(target);
            after = Volatile.Read(ref acknowledged);

            // Writes go on after the checkpoint; then the source holds more than the copy.
            SpinWait.SpinUntil(() => Volatile.Read(ref acknowledged) >= after + 1000 || writer.IsCompleted, TimeSpan.FromSeconds(60));
            stop.Cancel();
            await writer;
            output.WriteLine($"acknowledged {before} before the checkpoint, {after} after it, {acknowledged} in all; metrics {db.GetMetrics()}");
        }

        using LsmDatabase restored = LsmDatabase.Open(location.Fs, target, s_options);
        Assert.Empty(restored.Verify().Problems);
        int present = CountPrefix(restored);
        output.WriteLine($"the checkpoint holds keys 0..{present - 1}");

        // Every write acknowledged before the call, at most the one in flight after it, and nothing past a gap.
        Assert.InRange(present, before, after + 1);
        Assert.Equal(present, CountKeys(restored));

        using LsmDatabase reopened = LsmDatabase.Open(location.Fs, source, s_options);
        Assert.Equal(Volatile.Read(ref acknowledged), CountPrefix(reopened));
    }

    [Fact]
    public void Checkpoint_ThenSourceChanges_CheckpointKeepsItsPointInTime()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 2000; i++)
        {
            db.Put(Key(i), Value(i));
        }

        db.DeleteRange(Key(100), Key(200));
        db.Put("unflushed"u8, "in the memtable"u8);
        db.Checkpoint("/checkpoint");

        // Overwrite everything and compact, so the tables the checkpoint copied are deleted from the source.
        for (int i = 0; i < 2000; i++)
        {
            db.Put(Key(i), "new"u8);
        }

        db.Flush();
        Assert.True(SpinWait.SpinUntil(() => db.GetMetrics().FilesPerLevel[0] < s_options.L0CompactionTrigger, TimeSpan.FromSeconds(30)));

        using LsmDatabase restored = LsmDatabase.Open(fs, "/checkpoint", s_options);
        Assert.Empty(restored.Verify().Problems);
        Assert.Equal("in the memtable"u8.ToArray(), restored.Get("unflushed"u8));
        Assert.Null(restored.Get(Key(150)));
        Assert.Equal(Value(99), restored.Get(Key(99)));
        Assert.Equal(Value(1999), restored.Get(Key(1999)));
        Assert.Equal(1901, CountKeys(restored));
        Assert.Equal("new"u8.ToArray(), db.Get(Key(5)));

        // The restored store takes writes of its own, numbered above everything it holds.
        restored.Put(Key(5), "restored"u8);
        Assert.Equal("restored"u8.ToArray(), restored.Get(Key(5)));
        Assert.True(restored.GetMetrics().VisibleSequence > 2001);
    }

    [Fact]
    public void Checkpoint_WritesOnlyDurableCheckpointFiles_AndAnEmptyStoreCheckpoints()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        db.Checkpoint("/empty");
        db.Put("k"u8, "v"u8);
        db.Checkpoint("/one");

        IReadOnlyList<string> names = fs.List("/one");
        Assert.Contains(FileNames.Current, names);
        Assert.Contains(FileNames.Lock, names);
        Assert.DoesNotContain(FileNames.CurrentTemp, names);
        Assert.Single(names, n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
        Assert.Single(names, n => n.StartsWith("OPTIONS-", StringComparison.Ordinal));
        Assert.Single(names, n => n.EndsWith(".sst", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith(".log", StringComparison.Ordinal));

        // Everything the checkpoints need is durable: a crash that keeps only synced state keeps them whole.
        MemFileSystem crashed = fs.CrashClone();
        using (LsmDatabase empty = LsmDatabase.Open(crashed, "/empty", s_options))
        {
            Assert.Equal(0, CountKeys(empty));
        }

        using LsmDatabase one = LsmDatabase.Open(crashed, "/one", s_options);
        Assert.Equal("v"u8.ToArray(), one.Get("k"u8));
        Assert.Empty(one.Verify().Problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Checkpoint_IntoDirectoryHoldingFiles_ThrowsAlreadyExistsAndTouchesNothing(bool localDisk)
    {
        using StoreLocation location = new(localDisk);
        string target = location.Combine("target");
        location.Fs.CreateDirectory(target);
        location.WriteFile(Path.Combine(target, "notes.txt"), "keep me"u8);
        using LsmDatabase db = LsmDatabase.Open(location.Fs, location.Combine("db"), s_options);
        db.Put("k"u8, "v"u8);

        StorageException ex = Assert.Throws<StorageException>(() => db.Checkpoint(target));
        Assert.Equal(StorageErrorCode.AlreadyExists, ex.Code);
        Assert.Equal(["notes.txt"], location.Fs.List(target));

        // The store's own directory is not empty either.
        Assert.Equal(StorageErrorCode.AlreadyExists, Assert.Throws<StorageException>(() => db.Checkpoint(location.Combine("db"))).Code);
        Assert.Equal("v"u8.ToArray(), db.Get("k"u8));
    }

    [Fact]
    public void Checkpoint_IntoExistingEmptyDirectory_Succeeds()
    {
        MemFileSystem fs = new();
        fs.CreateDirectory("/target");
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        db.Put("k"u8, "v"u8);
        db.Checkpoint("/target");

        using LsmDatabase restored = LsmDatabase.Open(fs, "/target", s_options);
        Assert.Equal("v"u8.ToArray(), restored.Get("k"u8));
    }

    [Fact]
    public void Checkpoint_WhenAWriteIntoTheTargetFails_ThrowsAndLeavesNoCheckpointFiles()
    {
        FaultInjectingFileSystem fs = new(new MemFileSystem());
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 500; i++)
        {
            db.Put(Key(i), Value(i));
        }

        fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 3) with { PathContains = "/target" });
        Assert.Throws<StorageException>(() => db.Checkpoint("/target"));
        fs.Disable();

        Assert.All(fs.List("/target"), name => Assert.Equal(FileNames.Lock, name));
        Assert.False(fs.Exists("/target/" + FileNames.Current));

        // The store is unharmed, and a retry into the same directory succeeds.
        db.Checkpoint("/target");
        using LsmDatabase restored = LsmDatabase.Open(fs, "/target", s_options);
        Assert.Equal(500, CountKeys(restored));
    }

    [Fact]
    public void Checkpoint_ClosedStore_ThrowsFailedPrecondition()
    {
        MemFileSystem fs = new();
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        db.Dispose();

        StorageException ex = Assert.Throws<StorageException>(() => db.Checkpoint("/target"));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
    }

    internal static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key{i:D8}");

    internal static byte[] Value(int i) => Encoding.ASCII.GetBytes($"value-{i}-".PadRight(20 + (i * 7919 % 100), 'x'));

    /// <summary>How many of keys 0, 1, 2, ... are present with their values before the first missing one.</summary>
    private static int CountPrefix(LsmDatabase db)
    {
        int present = 0;
        while (db.Get(Key(present)) is byte[] value)
        {
            Assert.Equal(Value(present), value);
            present++;
        }

        return present;
    }

    private static int CountKeys(LsmDatabase db)
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
