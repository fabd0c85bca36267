using System.Collections.Concurrent;
using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// I/O errors (EIO-like and disk-full-like, on write, sync, create, rename and delete, once or from then on, torn or
/// not) injected under concurrent writers: a failed write is reported as a <see cref="StorageException"/>, no write is
/// acknowledged after a write failed (except after a full disk the store recovered from, which leaves no trace of the
/// refused batch), and reopening on the healed file system — or after a power loss — recovers a
/// prefix of the commits holding every write acknowledged durable.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmIoErrorTests(ITestOutputHelper output)
{
    private static readonly FileOperationKind[] s_kinds =
        [FileOperationKind.Write, FileOperationKind.Sync, FileOperationKind.Create, FileOperationKind.Rename, FileOperationKind.Delete];

    private static readonly LsmOptions s_options = new()
    {
        WriteBufferSizeBytes = 4 << 10,
        BlockSizeBytes = 512,
        L0CompactionTrigger = 2,
        TargetFileSizeBytes = 4 << 10,
        LevelBaseMaxBytes = 8 << 10,
        CheckInvariantsAfterVersionChange = true,
    };

    [Fact]
    public void InjectedIoErrors_StopAcknowledgement_AndReopenRecoversEveryAcknowledgedWrite()
    {
        int seeds = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 5000 : 150;
        int failedStores = 0;
        TestSeed.Run(output, nameof(InjectedIoErrors_StopAcknowledgement_AndReopenRecoversEveryAcknowledgedWrite), seeds, seed =>
        {
            failedStores += RunOnce(seed) ? 1 : 0;
        });
        output.WriteLine($"{failedStores} runs ended with the store refusing writes after an injected fault");
        Assert.True(failedStores > 0, "no injected fault ever stopped the store");
    }

    /// <summary>
    /// Regression: when the manifest sync of a flush failed, releasing the unused version deleted the new table as
    /// obsolete, though the record naming it had reached the file; the healed reopen found the table missing.
    /// </summary>
    [Fact]
    public void ManifestSyncFailsDuringFlush_TableIsKept_AndReopenRecoversEverything()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 20; i++)
        {
            db.Put(Encoding.ASCII.GetBytes($"key{i:D2}"), Encoding.ASCII.GetBytes($"value {i}"), WriteOptions.Synced);
        }

        fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 1) with { PathContains = "MANIFEST" });
        StorageException flushError = Assert.ThrowsAny<StorageException>(db.Flush);
        Assert.Contains("injected", flushError.ToString(), StringComparison.Ordinal);
        Assert.ThrowsAny<StorageException>(() => db.Put("after"u8, "x"u8, WriteOptions.Synced));
        db.Dispose();

        fs.Disable();
        Dictionary<string, byte[]> recovered = CrashRecovery.Recover(mem, s_options, verify: true);
        Assert.Equal(20, recovered.Count);
        Assert.False(recovered.ContainsKey("after"));
    }

    /// <summary>Regression: a failing manifest sync while closing threw before the lock was released.</summary>
    [Fact]
    public void CloseFailsOnManifestSync_StillReleasesTheLock()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        db.Put("key"u8, "value"u8, WriteOptions.Synced);
        fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 1) with { PathContains = "MANIFEST", Sticky = true });
        Assert.ThrowsAny<StorageException>(db.Dispose);

        fs.Disable();
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", s_options);
        Assert.Equal("value"u8.ToArray(), reopened.Get("key"u8));
    }

    /// <summary>Returns true when a write failed (and the store then refused every later write).</summary>
    private static bool RunOnce(int seed)
    {
        Random random = new(seed);
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        FaultPolicy policy = DrawPolicy(random);
        ConcurrentBag<CommittedBatch> commits = [];
        int writeFailures = 0;
        LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        try
        {
            fs.SetPolicy(policy);
            int[] seeds = [random.Next(), random.Next()];
            Parallel.ForEach(seeds, s =>
            {
                if (Write(db, s, commits))
                {
                    Interlocked.Increment(ref writeFailures);
                }
            });
        }
        finally
        {
            try
            {
                db.Dispose();
            }
            catch (StorageException)
            {
                // Closing syncs the WAL and may meet the fault again; reopening is what must work.
            }
        }

        // The disk heals. The OS kept every byte handed to it, so Flushed writes must be there too; after a power
        // loss only Synced ones.
        fs.Disable();
        List<CommittedBatch> ordered = [.. commits.OrderBy(c => c.Sequence)];
        MemFileSystem powerLoss = mem.CrashClone(CrashOptions.KeepNone);
        try
        {
            CrashOracle.Check(ordered, CrashRecovery.Recover(mem, s_options, verify: true), epoch: 1, processCrash: true);
            CrashOracle.Check(ordered, CrashRecovery.Recover(powerLoss, s_options, verify: false), epoch: 1, processCrash: false);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"policy {policy}, {ordered.Count} commits, {writeFailures} writers saw a failure: {ex.Message}", ex);
        }

        return writeFailures > 0;
    }

    private static FaultPolicy DrawPolicy(Random random)
    {
        FileOperationKind kinds = random.Next(3) == 0
            ? s_kinds.Aggregate((a, b) => a | b)
            : s_kinds[random.Next(s_kinds.Length)];
        FaultPolicy policy = random.Next(2) == 0
            ? FaultPolicy.FailNth(kinds, random.Next(1, 80))
            : FaultPolicy.Randomly(kinds, 0.01 + (random.NextDouble() * 0.05), random.Next());
        return policy with
        {
            Sticky = random.Next(2) == 0,
            TornWrites = random.Next(2) == 0,
            Fault = random.Next(2) == 0 ? InjectedFaultKind.IOError : InjectedFaultKind.DiskFull,
        };
    }

    /// <summary>
    /// Commits up to 200 random batches; after the first failure, tries a few more and requires each to fail.
    /// Acknowledged batches are recorded as epoch 0 (required); batches that failed after getting a sequence number
    /// are recorded as never acknowledged (they may or may not have reached the log). Returns true on a failure.
    /// </summary>
    private static bool Write(LsmDatabase db, int seed, ConcurrentBag<CommittedBatch> commits)
    {
        Random random = new(seed);
        StorageException? failure = null;
        for (int i = 0; i < 200; i++)
        {
            using WriteBatch batch = new();
            CrashOp[] ops = new CrashOp[random.Next(1, 4)];
            for (int j = 0; j < ops.Length; j++)
            {
                string key = $"k{random.Next(100):D3}";
                if (random.Next(5) == 0)
                {
                    ops[j] = new CrashOp(CrashOpKind.Delete, key);
                    batch.Delete(Encoding.ASCII.GetBytes(key));
                }
                else
                {
                    ops[j] = new CrashOp(CrashOpKind.Put, key, Encoding.ASCII.GetBytes($"{seed}.{i}.{j}" + new string('v', random.Next(200))));
                    batch.Put(Encoding.ASCII.GetBytes(key), ops[j].Value);
                }
            }

            Durability durability = (Durability)random.Next(3);
            try
            {
                db.Write(batch, new WriteOptions { Durability = durability });
            }
            catch (Engine.Api.StorageFullException) when (batch.Sequence == 0 && !db.HasFailed)
            {
                // The store cut the WAL back and goes on: the batch is gone, its sequence number handed out again.
                continue;
            }
            catch (StorageException ex)
            {
                failure ??= ex;
                if (batch.Sequence != 0)
                {
                    commits.Add(new CommittedBatch(batch.Sequence, ops, durability, int.MaxValue));
                }

                continue;
            }

            if (failure is not null)
            {
                throw new Xunit.Sdk.XunitException($"a write was acknowledged after an earlier write failed with: {failure.Message}");
            }

            commits.Add(new CommittedBatch(batch.Sequence, ops, durability, 0));
        }

        return failure is not null;
    }
}
