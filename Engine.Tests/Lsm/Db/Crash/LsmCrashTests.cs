using System.Diagnostics;
using System.Text;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// Crash consistency on <see cref="MemFileSystem.CrashClone(CrashOptions)"/>: concurrent writers with mixed
/// durabilities, background flushes and compactions, open snapshots and iterators, crashes captured before random
/// file operations or before every one in turn, crashes in the middle of recovery. After every recovery the
/// <see cref="CrashOracle"/> holds: every write acknowledged as Synced is there (and, after a process crash, every
/// write acknowledged as Flushed), and the store is the state after some prefix of the committed batches.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmCrashTests(ITestOutputHelper output)
{
    /// <summary>CI runs 10,000 crash/recover iterations; ENGINE_SOAK=1 runs 1,000,000; ENGINE_CRASH_ITERATIONS sets any number.</summary>
    private static long IterationGoal =>
        Environment.GetEnvironmentVariable("ENGINE_CRASH_ITERATIONS") is { } n ? long.Parse(n, System.Globalization.CultureInfo.InvariantCulture)
        : Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 1_000_000 : 10_000;

    [Fact]
    public void RandomCrashPoints_ConcurrentWriters_RecoverAPrefixWithEveryAcknowledgedWrite()
    {
        int baseSeed = TestSeed.Get(output, nameof(RandomCrashPoints_ConcurrentWriters_RecoverAPrefixWithEveryAcknowledgedWrite));
        bool replay = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED") is not null;
        long goal = replay ? 1 : IterationGoal;
        long iterations = 0;
        int workloads = 0;
        Stopwatch clock = Stopwatch.StartNew();
        while (iterations < goal)
        {
            int seed = baseSeed + workloads++;
            Random random = new(seed);
            CrashWorkloadSettings settings = new()
            {
                Options = DrawOptions(random),
                Writers = random.Next(1, 5),
                BatchesPerWriter = random.Next(50, 200),
                KeySpace = random.Next(20, 200),
                CaptureProbability = random.Next(2) == 0 ? 0.02 : 0.1,
                MaxCaptures = 120,
            };
            iterations += RunAndCheck(seed, settings);
        }

        output.WriteLine($"{iterations} crash/recover iterations over {workloads} workloads (seeds {baseSeed}..{baseSeed + workloads - 1}) in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(iterations >= goal, $"ran {iterations} iterations, wanted {goal}");
    }

    [Fact]
    public void EveryFileOperation_InTurn_SmallRun_RecoversAPrefix()
    {
        TestSeed.Run(output, nameof(EveryFileOperation_InTurn_SmallRun_RecoversAPrefix), 3, seed =>
        {
            Random random = new(seed);
            CrashWorkloadSettings settings = new()
            {
                Options = DrawOptions(random),
                Writers = random.Next(1, 3),
                BatchesPerWriter = 40,
                KeySpace = 30,
                CaptureEvery = 1,
                MaxCaptures = int.MaxValue,
            };
            int checkedRecoveries = RunAndCheck(seed, settings);
            output.WriteLine($"seed {seed}: a crash before each of the run's file operations, {checkedRecoveries} recoveries checked");
            Assert.True(checkedRecoveries > 50, $"only {checkedRecoveries} crash points");
        });
    }

    [Fact]
    public void CrashDuringRecovery_AtEveryFileOperationInTurn_RecoversAgain()
    {
        TestSeed.Run(output, nameof(CrashDuringRecovery_AtEveryFileOperationInTurn_RecoversAgain), 2, seed =>
        {
            Random random = new(seed);
            LsmOptions options = DrawOptions(random);
            CrashWorkload workload = new(seed, new CrashWorkloadSettings { Options = options, Writers = 2, BatchesPerWriter = 150, CaptureProbability = 0.02, MaxCaptures = 3 });
            workload.Run();
            int points = 0;
            foreach (CrashCapture capture in workload.Captures)
            {
                for (long target = 1; ; target++)
                {
                    MemFileSystem copy = capture.Files.CrashClone(CrashOptions.KeepAll);
                    FaultInjectingFileSystem fs = new(copy);
                    MemFileSystem? second = null;
                    long seen = 0;
                    CrashOptions crash = CrashWorkload.DrawCrash(random);
                    fs.BeforeOperation = (_, _) =>
                    {
                        if (Interlocked.Increment(ref seen) == target)
                        {
                            second = copy.CrashClone(crash);
                        }
                    };
                    Dictionary<string, byte[]> first = CrashRecovery.Recover(fs, options, verify: false);
                    CrashOracle.Check(workload.Committed, first, capture.Epoch, capture.IsProcessCrash);
                    if (second is null)
                    {
                        break;
                    }

                    Dictionary<string, byte[]> again = CrashRecovery.Recover(second, options, verify: true);
                    CrashOracle.Check(workload.Committed, again, capture.Epoch, capture.IsProcessCrash);
                    points++;
                }
            }

            output.WriteLine($"seed {seed}: {workload.Captures.Count} captures, {points} crashes inside their recoveries");
            Assert.True(points >= workload.Captures.Count * 5, $"only {points} crash points inside recoveries");
        });
    }

    [Fact]
    public void TornTail_IsAcceptedSilently_AndEverySyncedWriteSurvives()
    {
        MemFileSystem fs = new();
        LsmOptions options = new() { WriteBufferSizeBytes = 1 << 20 };
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", options))
        {
            for (int i = 0; i < 20; i++)
            {
                db.Put(Encoding.ASCII.GetBytes($"s{i:D2}"), Encoding.ASCII.GetBytes($"synced {i}"), WriteOptions.Synced);
            }

            db.Put("tail"u8, new byte[5000], new WriteOptions { Durability = Durability.Flushed });
            MemFileSystem torn = fs.CrashClone(new CrashOptions { Keep = CrashKeep.All, TearLastWrite = true, Seed = 7 });
            fs = torn;
        }

        using LsmDatabase recovered = LsmDatabase.Open(fs, "/db", options);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal($"synced {i}", Encoding.ASCII.GetString(recovered.Get(Encoding.ASCII.GetBytes($"s{i:D2}"))!));
        }

        Assert.Null(recovered.Get("tail"u8));
        Assert.True(recovered.GetMetrics().RecoveredTornTailBytes > 0, "the torn tail is counted, not reported as an error");
    }

    /// <summary>
    /// Regression: rotation created the new WAL before syncing the old one, so a crash in between could keep the new
    /// file and a torn old one, which recovery rightly calls corruption. Crashes before every WAL sync, keeping every
    /// created file and tearing the last write, must all recover.
    /// </summary>
    [Fact]
    public void Rotation_CrashBeforeAnyWalSync_KeepingNewFiles_Recovers()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<MemFileSystem> captures = [];
        fs.BeforeOperation = (kind, path) =>
        {
            if (kind == FileOperationKind.Sync && path.EndsWith(".log", StringComparison.Ordinal))
            {
                captures.Add(mem.CrashClone(new CrashOptions { Keep = CrashKeep.All, TearLastWrite = true, Seed = captures.Count }));
            }
        };
        LsmOptions options = new() { WriteBufferSizeBytes = 4 << 10 };
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", options))
        {
            for (int i = 0; i < 40; i++)
            {
                db.Put(Encoding.ASCII.GetBytes($"b{i:D2}"), new byte[300], new WriteOptions { Durability = Durability.Buffered });
                if (i % 10 == 9)
                {
                    db.Flush();
                }
            }
        }

        Assert.True(captures.Count >= 4, $"only {captures.Count} WAL syncs");
        foreach (MemFileSystem capture in captures)
        {
            using LsmDatabase recovered = LsmDatabase.Open(capture, "/db", options);
        }
    }

    /// <summary>Runs one workload and checks every capture it took; returns the recoveries checked.</summary>
    private static int RunAndCheck(int seed, CrashWorkloadSettings settings)
    {
        CrashWorkload workload = new(seed, settings);
        workload.Run();
        int total = 0;
        Exception? failure = null;
        Parallel.For(0, workload.Captures.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                Random random = new(HashCode.Combine(seed, i));
                Interlocked.Add(ref total, CrashRecovery.Check(workload.Captures[i], workload.Committed, settings.Options, random, crashDuringRecovery: random.Next(8) == 0));
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
            }
        });

        if (failure is not null)
        {
            throw new Xunit.Sdk.XunitException(
                $"workload seed {seed} (replay with ENGINE_TEST_SEED={seed}; thread interleavings differ between runs), " +
                $"{settings.Writers} writers × {settings.BatchesPerWriter} batches, {workload.Committed.Count} committed: {failure.Message}", failure);
        }

        return total;
    }

    private static LsmOptions DrawOptions(Random random) => new()
    {
        WriteBufferSizeBytes = random.Next(2) == 0 ? 4 << 10 : 16 << 10,
        BlockSizeBytes = random.Next(2) == 0 ? 256 : 1024,
        BloomBitsPerKey = random.Next(2) == 0 ? 0 : 10,
        Compression = random.Next(2) == 0 ? CompressionType.None : CompressionType.Lz4,
        L0CompactionTrigger = random.Next(2, 5),
        TargetFileSizeBytes = random.Next(2) == 0 ? 4 << 10 : 8 << 10,
        LevelBaseMaxBytes = (8 << 10) * random.Next(1, 3),
        LevelSizeMultiplier = random.Next(2, 5),
        MaxBackgroundCompactions = random.Next(1, 3),
        MaxManifestFileSizeBytes = random.Next(2) == 0 ? 64 << 10 : Defaults.MaxManifestFileSizeBytes,
        CheckInvariantsAfterVersionChange = true,
    };
}
