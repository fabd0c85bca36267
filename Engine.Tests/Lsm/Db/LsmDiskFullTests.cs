using System.Text;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using Durability = Engine.Lsm.Options.Durability;
using WriteBatch = Engine.Lsm.Batch.WriteBatch;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// A full disk (a quota on the fault-injecting file system that the test lowers and raises): a write that finds no
/// space fails with <see cref="StorageFullException"/> and is not acknowledged, reads go on, the store is not failed,
/// writes succeed again once space returns, and a reopen, or a crash at any moment, recovers exactly the acknowledged writes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmDiskFullTests(ITestOutputHelper output)
{
    private static readonly LsmOptions s_options = new() { WriteBufferSizeBytes = 16 << 10, BlockSizeBytes = 512 };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void FullDisk_RefusesWritesTyped_ReadsGoOn_AndWritesResumeWhenSpaceReturns(int durabilityLevel)
    {
        Durability durability = (Durability)durabilityLevel;
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        WriteOptions options = new() { Durability = durability };
        List<int> acknowledged = [];
        db.Put(Key(0), Value(0), options);
        acknowledged.Add(0);

        fs.SpaceLeft = 300;
        int refused = 0;
        for (int i = 1; i < 40; i++)
        {
            try
            {
                db.Put(Key(i), Value(i), options);
                acknowledged.Add(i);
                if (i % 8 == 0)
                {
                    // Rotates the WAL and writes a table: both need space too.
                    db.Flush();
                }
            }
            catch (StorageFullException)
            {
                refused++;
                Assert.False(db.HasFailed);
                Assert.Equal(Value(0), db.Get(Key(0)));
            }
        }

        Assert.True(refused > 0, "the quota never filled");
        fs.SpaceLeft = null;
        for (int i = 40; i < 60; i++)
        {
            db.Put(Key(i), Value(i), options);
            acknowledged.Add(i);
        }

        db.Flush();
        AssertHoldsExactly(db, acknowledged, 60);
        db.Dispose();

        using LsmDatabase reopened = LsmDatabase.Open(mem, "/db", s_options);
        AssertHoldsExactly(reopened, acknowledged, 60);
        Assert.True(reopened.Verify().IsHealthy);
    }

    [Fact]
    public void FlushWithoutSpace_FailsTyped_KeepsTheMemtable_AndSucceedsLater()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 50; i++)
        {
            db.Put(Key(i), Value(i), WriteOptions.Synced);
        }

        fs.SpaceLeft = 0;
        Assert.Throws<StorageFullException>(db.Flush);
        Assert.False(db.HasFailed);
        Assert.Equal(Value(7), db.Get(Key(7)));

        fs.SpaceLeft = null;
        db.Flush();

        // Checked once the flush is done: until then a background retry may be creating (and deleting) a table.
        Assert.Equal(1, Tables(mem));
        Assert.DoesNotContain(mem.List("/db"), name => name.EndsWith(".sst", StringComparison.Ordinal) && mem.GetLength("/db/" + name) == 0);
        db.Put(Key(50), Value(50), WriteOptions.Synced);
        AssertHoldsExactly(db, [.. Enumerable.Range(0, 51)], 51);
        Assert.True(db.Verify().IsHealthy);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ManifestRecordWithoutSpace_IsCutAway_WithItsTable_AndTheFlushSucceedsLater(bool torn)
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 50; i++)
        {
            db.Put(Key(i), Value(i), WriteOptions.Synced);
        }

        int tablesBefore = Tables(mem);
        fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Write, 1) with { PathContains = "MANIFEST", Fault = InjectedFaultKind.DiskFull, TornWrites = torn });
        try
        {
            db.Flush();
        }
        catch (StorageFullException)
        {
            // Told of the full disk; the flush retries in the background, and the next Flush waits for it.
            db.Flush();
        }

        fs.Disable();
        Assert.Equal(1, fs.FaultsInjected);
        Assert.False(db.HasFailed);

        // The table of the cut-away record is gone: only the retry's table is new.
        Assert.Equal(tablesBefore + 1, Tables(mem));
        db.Put(Key(50), Value(50), WriteOptions.Synced);
        AssertHoldsExactly(db, [.. Enumerable.Range(0, 51)], 51);
        Assert.True(db.Verify().IsHealthy);

        using LsmDatabase reopened = LsmDatabase.Open(mem.CrashClone(CrashOptions.KeepNone), "/db", s_options);
        AssertHoldsExactly(reopened, [.. Enumerable.Range(0, 51)], 51);
    }

    [Fact]
    public void FailedSync_IsNotAFullDisk_TheStoreTurnsReadOnly()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 1) with { PathContains = ".log", Fault = InjectedFaultKind.DiskFull });

        Assert.Throws<StorageFullException>(() => db.Put(Key(1), Value(1), WriteOptions.Synced));
        fs.Disable();
        Assert.True(db.HasFailed);
        Assert.Throws<ReadOnlyException>(() => db.Put(Key(2), Value(2)));
    }

    /// <summary>
    /// A crash clone before every file operation while a writer meets a full disk now and then: each clone recovers
    /// every write acknowledged before it, at most the one in flight after them, and none of the refused ones.
    /// </summary>
    [Fact]
    [Trait("Category", "Randomized")]
    public void CrashAtAnyMoment_DuringFullDisk_RecoversExactlyTheAcknowledgedWrites()
    {
        int seed = TestSeed.Get(output, nameof(CrashAtAnyMoment_DuringFullDisk_RecoversExactlyTheAcknowledgedWrites));
        Random random = new(seed);
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<(MemFileSystem Clone, int Acknowledged)> clones = [];
        int acknowledgedCount = 0;
        HashSet<int> refused = [];
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options))
        {
            fs.BeforeOperation = (_, _) =>
            {
                if (random.Next(8) == 0)
                {
                    clones.Add((mem.CrashClone(CrashOptions.Random(random.Next())), Volatile.Read(ref acknowledgedCount)));
                }
            };
            for (int i = 0; i < 300; i++)
            {
                fs.SpaceLeft = random.Next(5) == 0 ? random.Next(0, 200) : null;
                try
                {
                    db.Put(Key(i), Value(i), WriteOptions.Synced);
                    Volatile.Write(ref acknowledgedCount, i + 1);
                }
                catch (StorageFullException)
                {
                    refused.Add(i);
                    Volatile.Write(ref acknowledgedCount, i + 1);
                }
            }

            fs.BeforeOperation = null;
            fs.SpaceLeft = null;
        }

        output.WriteLine($"{refused.Count} writes refused, {clones.Count} crash clones");
        Assert.NotEmpty(refused);
        foreach ((MemFileSystem clone, int acknowledged) in clones)
        {
            using LsmDatabase recovered = LsmDatabase.Open(clone, "/db", s_options);
            for (int i = 0; i < 300; i++)
            {
                byte[]? value = recovered.Get(Key(i));
                if (refused.Contains(i) || i > acknowledged)
                {
                    Assert.True(value is null, $"key {i} was refused or written after the crash, yet recovered (seed {seed})");
                }
                else if (i < acknowledged)
                {
                    Assert.True(value is not null && value.AsSpan().SequenceEqual(Value(i)), $"acknowledged key {i} lost (seed {seed})");
                }
            }
        }
    }

    [Fact]
    public void ARefusedBatch_GivesBackItsSequenceNumber_WhichTheNextCommitTakes()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        using WriteBatch first = new();
        first.Put(Key(0), Value(0));
        db.Write(first, new WriteOptions { Durability = Durability.Flushed });
        ulong firstSequence = first.Sequence;
        Assert.NotEqual(0UL, firstSequence);

        fs.SpaceLeft = 0;
        using WriteBatch refused = new();
        refused.Put(Key(1), Value(1));
        Assert.Throws<StorageFullException>(() => { db.Write(refused, new WriteOptions { Durability = Durability.Flushed }); });
        Assert.Equal(0UL, refused.Sequence);
        Assert.False(db.HasFailed);

        fs.SpaceLeft = null;
        using WriteBatch next = new();
        next.Put(Key(2), Value(2));
        db.Write(next, new WriteOptions { Durability = Durability.Flushed });
        Assert.Equal(firstSequence + 1, next.Sequence);
        Assert.Null(db.Get(Key(1)));
    }

    private static int Tables(MemFileSystem mem) => mem.List("/db").Count(name => name.EndsWith(".sst", StringComparison.Ordinal));

    private static void AssertHoldsExactly(LsmDatabase db, IReadOnlyCollection<int> present, int upTo)
    {
        for (int i = 0; i < upTo; i++)
        {
            byte[]? value = db.Get(Key(i));
            if (present.Contains(i))
            {
                Assert.Equal(Value(i), value);
            }
            else
            {
                Assert.Null(value);
            }
        }
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key{i:D4}");

    private static byte[] Value(int i) => Encoding.ASCII.GetBytes($"value {i} " + new string('v', 40));
}
