using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// The store against a sorted-dictionary model: seeded random puts, deletes, range deletes, batches, gets,
/// iterations in both directions with bounds, snapshots, flushes, manual compactions and reopens, on tiny memtables,
/// tables and level targets so that many tables, concurrent compactions and several levels form.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmModelTests(ITestOutputHelper output)
{
    private static readonly ByteArrayComparer s_comparer = new();

    [Fact]
    public void RandomOperations_MatchModel()
    {
        int seeds = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 500 : 30;
        TestSeed.Run(output, nameof(RandomOperations_MatchModel), seeds, seed => RunOnce(seed, 3000));
    }

    private static LsmOptions OptionsFor(Random random) => new()
    {
        WriteBufferSizeBytes = random.Next(2) == 0 ? 4 << 10 : 16 << 10,
        BlockSizeBytes = random.Next(2) == 0 ? 256 : 1024,
        BlockRestartInterval = random.Next(1, 17),
        BloomBitsPerKey = random.Next(2) == 0 ? 0 : 10,
        L0CompactionTrigger = random.Next(1, 5),
        L0SlowdownWritesTrigger = random.Next(4, 12),
        L0StopWritesTrigger = 20,
        TargetFileSizeBytes = random.Next(2) == 0 ? 4 << 10 : 8 << 10,
        LevelBaseMaxBytes = (4 << 10) * random.Next(1, 5),
        LevelSizeMultiplier = random.Next(2, 5),
        MaxBackgroundCompactions = random.Next(1, 4),
        CheckInvariantsAfterVersionChange = true,
        Compression = random.Next(2) == 0 ? CompressionType.None : CompressionType.Lz4,

        // No cache, a cache of a few blocks (constant eviction, uncached blocks when all are pinned), or the default.
        BlockCacheBytes = random.Next(3) switch { 0 => 0, 1 => 4 << 10, _ => Defaults.BlockCacheBytes },
        MaxOpenTables = random.Next(3) == 0 ? Defaults.MinOpenTables : Defaults.MaxOpenTables,
    };

    private static void RunOnce(int seed, int operations)
    {
        Random random = new(seed);
        MemFileSystem fs = new();
        LsmOptions options = OptionsFor(random);
        LsmDatabase db = LsmDatabase.Open(fs, "/db", options);
        SortedDictionary<byte[], byte[]> model = new(s_comparer);
        List<(Snapshot Snapshot, SortedDictionary<byte[], byte[]> Model)> snapshots = [];
        int keySpace = random.Next(10, 400);
        try
        {
            for (int op = 0; op < operations; op++)
            {
                int roll = random.Next(100);
                if (roll < 35)
                {
                    byte[] key = Key(random, keySpace);
                    byte[] value = Value(random, op);
                    db.Put(key, value);
                    model[key] = value;
                }
                else if (roll < 45)
                {
                    byte[] key = Key(random, keySpace);
                    db.Delete(key);
                    model.Remove(key);
                }
                else if (roll < 48)
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
                        RemoveRange(model, a, b);
                    }
                }
                else if (roll < 53)
                {
                    WriteBatch batch = new();
                    int count = random.Next(1, 8);
                    for (int i = 0; i < count; i++)
                    {
                        byte[] key = Key(random, keySpace);
                        if (random.Next(3) == 0)
                        {
                            batch.Delete(key);
                            model.Remove(key);
                        }
                        else
                        {
                            byte[] value = Value(random, op * 10 + i);
                            batch.Put(key, value);
                            model[key] = value;
                        }
                    }

                    db.Write(batch);
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
                else if (roll < 83)
                {
                    int pick = snapshots.Count > 0 && random.Next(3) == 0 ? random.Next(snapshots.Count) : -1;
                    CheckIterator(db, random, keySpace, pick >= 0 ? snapshots[pick].Model : model, pick >= 0 ? snapshots[pick].Snapshot : null, op);
                }
                else if (roll < 87)
                {
                    snapshots.Add((db.GetSnapshot(), new SortedDictionary<byte[], byte[]>(model, s_comparer)));
                }
                else if (roll < 90 && snapshots.Count > 0)
                {
                    int pick = random.Next(snapshots.Count);
                    snapshots[pick].Snapshot.Dispose();
                    snapshots.RemoveAt(pick);
                }
                else if (roll < 93)
                {
                    db.Flush();
                }
                else if (roll < 94)
                {
                    byte[]? start = random.Next(3) == 0 ? null : Key(random, keySpace);
                    byte[]? end = random.Next(3) == 0 ? null : Key(random, keySpace);
                    db.CompactRange(start, end);
                }
                else if (roll < 95)
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

            CheckIterator(db, random, keySpace, model, null, operations);
        }
        finally
        {
            db.Dispose();
        }
    }

    private static void CheckIterator(LsmDatabase db, Random random, int keySpace, SortedDictionary<byte[], byte[]> model, Snapshot? snapshot, int op)
    {
        byte[]? lower = random.Next(3) == 0 ? Key(random, keySpace) : null;
        byte[]? upper = random.Next(3) == 0 ? Key(random, keySpace) : null;
        List<KeyValuePair<byte[], byte[]>> expected = model
            .Where(kv => (lower is null || s_comparer.Compare(kv.Key, lower) >= 0) && (upper is null || s_comparer.Compare(kv.Key, upper) < 0))
            .ToList();
        using DbIterator it = db.NewIterator(new IteratorOptions { Snapshot = snapshot, LowerBound = lower, UpperBound = upper });
        bool backward = random.Next(2) == 0;
        List<KeyValuePair<byte[], byte[]>> actual = [];
        if (backward)
        {
            for (it.Last(); it.Valid; it.Prev())
            {
                actual.Add(new(it.Key.ToArray(), it.Value.ToArray()));
            }

            actual.Reverse();
        }
        else
        {
            for (it.First(); it.Valid; it.Next())
            {
                actual.Add(new(it.Key.ToArray(), it.Value.ToArray()));
            }
        }

        Assert.True(expected.Count == actual.Count, $"op {op}: {(backward ? "backward" : "forward")} scan [{Hex(lower)}, {Hex(upper)}) expected {expected.Count} keys, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Equal(expected[i].Key, actual[i].Key) && Equal(expected[i].Value, actual[i].Value), $"op {op}: scan differs at {i}: expected {Hex(expected[i].Key)}, got {Hex(actual[i].Key)}");
        }

        // A seek and a short walk in both directions.
        byte[] target = Key(random, keySpace);
        it.SeekGE(target);
        int position = expected.FindIndex(kv => s_comparer.Compare(kv.Key, target) >= 0);
        position = position < 0 ? expected.Count : position;
        for (int step = 0; step < 8; step++)
        {
            bool inRange = position >= 0 && position < expected.Count;
            Assert.True(inRange == it.Valid, $"op {op}: after seek {Hex(target)} step {step}: expected valid={inRange}");
            if (!inRange)
            {
                break;
            }

            Assert.True(Equal(expected[position].Key, it.Key.ToArray()), $"op {op}: walk after seek {Hex(target)} step {step}");
            if (random.Next(2) == 0)
            {
                it.Next();
                position++;
            }
            else
            {
                it.Prev();
                position--;
            }
        }
    }

    private static void RemoveRange(SortedDictionary<byte[], byte[]> model, byte[] start, byte[] end)
    {
        foreach (byte[] key in model.Keys.Where(k => s_comparer.Compare(k, start) >= 0 && s_comparer.Compare(k, end) < 0).ToList())
        {
            model.Remove(key);
        }
    }

    private static byte[] Key(Random random, int keySpace) =>
        System.Text.Encoding.ASCII.GetBytes($"k{random.Next(keySpace):D5}");

    private static byte[] Value(Random random, int op)
    {
        byte[] value = new byte[random.Next(0, 3) == 0 ? random.Next(0, 300) : random.Next(0, 20)];
        random.NextBytes(value);

        // Half the values repeat their first half, so that compressed runs store some blocks compressed.
        if (random.Next(2) == 0)
        {
            value.AsSpan(0, value.Length / 2).CopyTo(value.AsSpan((value.Length + 1) / 2));
        }

        BitConverter.TryWriteBytes(value.AsSpan(0, Math.Min(4, value.Length)), op);
        return value;
    }

    private static bool Equal(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Hex(byte[]? bytes) => bytes is null ? "null" : System.Text.Encoding.ASCII.GetString(bytes.Take(12).Select(b => b is >= 32 and < 127 ? b : (byte)'.').ToArray());

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
