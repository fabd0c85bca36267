using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Ingests against a sorted-dictionary model: seeded random puts, deletes, range deletes, ingests of random sorted runs
/// (puts and deletes, short and long, inside and across the key space), gets, snapshots, flushes, manual compactions
/// and reopens, on tiny memtables, tables and level targets so that runs land in L0 and in every sorted level and
/// background compactions merge them. Every get and full scan must agree with the model, every snapshot with its copy
/// of the model, and the store must verify clean at the end.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmIngestModelTests(ITestOutputHelper output)
{
    private static readonly ByteArrayComparer s_comparer = new();

    [Fact]
    public void RandomOperationsWithIngests_MatchModel()
    {
        int seeds = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 300 : 12;
        int[] levels = new int[8];
        TestSeed.Run(output, nameof(RandomOperationsWithIngests_MatchModel), seeds, seed => RunOnce(seed, 1500, levels));
        output.WriteLine("runs per level (L0..L6, empty): " + string.Join(", ", levels));
        Assert.True(levels[0] > 0 && levels.Skip(1).Take(6).Sum() > 0, "runs should land both in L0 and in sorted levels");
    }

    private static LsmOptions OptionsFor(Random random) => new()
    {
        WriteBufferSizeBytes = random.Next(2) == 0 ? 4 << 10 : 16 << 10,
        BlockSizeBytes = random.Next(2) == 0 ? 256 : 1024,
        BloomBitsPerKey = random.Next(2) == 0 ? 0 : 10,
        L0CompactionTrigger = random.Next(1, 5),
        L0SlowdownWritesTrigger = random.Next(4, 12),
        L0StopWritesTrigger = random.Next(12, 20),
        TargetFileSizeBytes = 4 << 10,
        LevelBaseMaxBytes = (4 << 10) * random.Next(1, 5),
        LevelSizeMultiplier = random.Next(2, 5),
        MaxBackgroundCompactions = random.Next(1, 4),
        CheckInvariantsAfterVersionChange = true,
        Compression = random.Next(2) == 0 ? CompressionType.None : CompressionType.Lz4,
    };

    private static void RunOnce(int seed, int operations, int[] levels)
    {
        Random random = new(seed);
        MemFileSystem fs = new();
        LsmOptions options = OptionsFor(random);
        LsmDatabase db = LsmDatabase.Open(fs, "/db", options);
        SortedDictionary<byte[], byte[]> model = new(s_comparer);
        List<(Snapshot Snapshot, SortedDictionary<byte[], byte[]> Model)> snapshots = [];
        int keySpace = random.Next(50, 2000);
        try
        {
            for (int op = 0; op < operations; op++)
            {
                int roll = random.Next(100);
                if (roll < 30)
                {
                    byte[] key = Key(random, keySpace);
                    byte[] value = Value(random, op);
                    db.Put(key, value);
                    model[key] = value;
                }
                else if (roll < 38)
                {
                    byte[] key = Key(random, keySpace);
                    db.Delete(key);
                    model.Remove(key);
                }
                else if (roll < 40)
                {
                    byte[] a = Key(random, keySpace);
                    byte[] b = Key(random, keySpace);
                    if (s_comparer.Compare(a, b) > 0)
                    {
                        (a, b) = (b, a);
                    }

                    if (s_comparer.Compare(a, b) < 0)
                    {
                        db.DeleteRange(a, b);
                        foreach (byte[] key in model.Keys.Where(k => s_comparer.Compare(k, a) >= 0 && s_comparer.Compare(k, b) < 0).ToList())
                        {
                            model.Remove(key);
                        }
                    }
                }
                else if (roll < 48)
                {
                    List<(byte[] Key, byte[]? Value)> run = RandomRun(random, keySpace, op);
                    Engine.Api.IngestResult result = db.Ingest(new ListEntrySource(run));
                    levels[result.Level < 0 ? 7 : result.Level]++;
                    foreach ((byte[] key, byte[]? value) in run)
                    {
                        if (value is null)
                        {
                            model.Remove(key);
                        }
                        else
                        {
                            model[key] = value;
                        }
                    }
                }
                else if (roll < 75)
                {
                    byte[] key = Key(random, keySpace);
                    int pick = snapshots.Count > 0 && random.Next(3) == 0 ? random.Next(snapshots.Count) : -1;
                    SortedDictionary<byte[], byte[]> expectedModel = pick >= 0 ? snapshots[pick].Model : model;
                    byte[]? actual = db.Get(key, pick >= 0 ? snapshots[pick].Snapshot : null);
                    byte[]? expected = expectedModel.TryGetValue(key, out byte[]? v) ? v : null;
                    Assert.True(Equal(expected, actual), $"op {op}: get {Hex(key)} expected {Hex(expected)} got {Hex(actual)}");
                }
                else if (roll < 82)
                {
                    int pick = snapshots.Count > 0 && random.Next(3) == 0 ? random.Next(snapshots.Count) : -1;
                    CheckScan(db, pick >= 0 ? snapshots[pick].Model : model, pick >= 0 ? snapshots[pick].Snapshot : null, op);
                }
                else if (roll < 86)
                {
                    snapshots.Add((db.GetSnapshot(), new SortedDictionary<byte[], byte[]>(model, s_comparer)));
                }
                else if (roll < 89 && snapshots.Count > 0)
                {
                    int pick = random.Next(snapshots.Count);
                    snapshots[pick].Snapshot.Dispose();
                    snapshots.RemoveAt(pick);
                }
                else if (roll < 93)
                {
                    db.Flush();
                }
                else if (roll < 95)
                {
                    byte[]? start = random.Next(3) == 0 ? null : Key(random, keySpace);
                    byte[]? end = random.Next(3) == 0 ? null : Key(random, keySpace);
                    db.CompactRange(start, end);
                }
                else if (roll < 96)
                {
                    foreach ((Snapshot s, _) in snapshots)
                    {
                        s.Dispose();
                    }

                    snapshots.Clear();
                    db.Dispose();
                    db = LsmDatabase.Open(fs, "/db", options);
                }
            }

            CheckScan(db, model, null, operations);
            db.WaitForBackgroundIdle();
            CheckScan(db, model, null, operations);
            Engine.Api.VerifyReport report = db.Verify();
            Assert.True(report.IsHealthy, string.Join("; ", report.Problems));
        }
        finally
        {
            foreach ((Snapshot s, _) in snapshots)
            {
                s.Dispose();
            }

            db.Dispose();
        }
    }

    /// <summary>
    /// A sorted run: a random subset of a random stretch of the key space (sometimes all of it, sometimes keys past
    /// it, so that runs land beside the data too), about one entry in five a delete.
    /// </summary>
    private static List<(byte[] Key, byte[]? Value)> RandomRun(Random random, int keySpace, int op)
    {
        int start = random.Next(-keySpace / 4, keySpace);
        int length = random.Next(3) == 0 ? random.Next(1, 8) : random.Next(1, keySpace);
        double density = random.NextDouble();
        List<(byte[] Key, byte[]? Value)> run = [];
        for (int i = Math.Max(0, start); i < start + length; i++)
        {
            if (random.NextDouble() < density || run.Count == 0)
            {
                byte[] key = System.Text.Encoding.ASCII.GetBytes(i < keySpace ? $"k{i:D5}" : $"x{i:D5}");
                run.Add((key, random.Next(5) == 0 ? null : Value(random, op)));
            }
        }

        return run;
    }

    private static void CheckScan(LsmDatabase db, SortedDictionary<byte[], byte[]> model, Snapshot? snapshot, int op)
    {
        using DbIterator it = db.NewIterator(new IteratorOptions { Snapshot = snapshot });
        using SortedDictionary<byte[], byte[]>.Enumerator expected = model.GetEnumerator();
        int index = 0;
        for (it.First(); it.Valid; it.Next(), index++)
        {
            Assert.True(expected.MoveNext(), $"op {op}: scan has more than the model's {model.Count} keys: {Hex(it.Key.ToArray())} at {index}");
            Assert.True(Equal(expected.Current.Key, it.Key.ToArray()) && Equal(expected.Current.Value, it.Value.ToArray()),
                $"op {op}: scan differs at {index}: expected {Hex(expected.Current.Key)}, got {Hex(it.Key.ToArray())}");
        }

        Assert.False(expected.MoveNext(), $"op {op}: scan ends after {index} keys, the model has {model.Count}");
    }

    private static byte[] Key(Random random, int keySpace) =>
        System.Text.Encoding.ASCII.GetBytes($"k{random.Next(keySpace):D5}");

    private static byte[] Value(Random random, int op)
    {
        byte[] value = new byte[random.Next(4, 40)];
        random.NextBytes(value);
        BitConverter.TryWriteBytes(value.AsSpan(0, 4), op);
        return value;
    }

    private static bool Equal(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Hex(byte[]? bytes) => bytes is null ? "null" : System.Text.Encoding.ASCII.GetString(bytes.Take(12).Select(b => b is >= 32 and < 127 ? b : (byte)'.').ToArray());

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
