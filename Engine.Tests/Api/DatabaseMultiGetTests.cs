using System.Text;
using Engine.Api;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api;

/// <summary>The batched multi-get agrees with one Get per key, across memtables, levels, deletions and snapshots.</summary>
[Trait("Category", "Randomized")]
public sealed class DatabaseMultiGetTests(ITestOutputHelper output)
{
    private const int KeySpace = 600;

    // Small memtables, tables and level targets, so that a few thousand writes spread over several levels.
    private static readonly DatabaseOptions s_manyLevels = new()
    {
        WriteBufferSizeBytes = 16 << 10,
        TargetFileSizeBytes = 8 << 10,
        LevelBaseMaxBytes = 16 << 10,
        LevelSizeMultiplier = 4,
        L0CompactionTrigger = 2,
    };

    [Fact]
    public void MultiGet_RandomWritesDeletesRangeDeletesAndSnapshots_MatchesSingleGets()
    {
        TestSeed.Run(output, nameof(MultiGet_RandomWritesDeletesRangeDeletesAndSnapshots_MatchesSingleGets), 3, seed =>
        {
            Random random = new(seed);
            using TempDirectory dir = new("api-multiget");
            using Database db = Database.Open(dir.Path, s_manyLevels);
            List<Snapshot> snapshots = [];
            try
            {
                for (int op = 0; op < 4000; op++)
                {
                    int roll = random.Next(100);
                    if (roll < 72)
                    {
                        db.Put(Key(random.Next(KeySpace)), RandomValue(random, op));
                    }
                    else if (roll < 88)
                    {
                        db.Delete(Key(random.Next(KeySpace)));
                    }
                    else if (roll < 91)
                    {
                        int start = random.Next(KeySpace - 1);
                        db.DeleteRange(Key(start), Key(start + 1 + random.Next(Math.Min(40, KeySpace - start - 1))));
                    }
                    else if (roll < 92 && snapshots.Count < 4)
                    {
                        snapshots.Add(db.GetSnapshot());
                    }
                    else if (roll < 93)
                    {
                        db.Flush();
                    }
                }

                Assert.True(db.GetMetrics().FilesPerLevel.Count(files => files > 0) >= 2, "the data should span several levels");
                byte[][] keys = QueryKeys(random);
                Compare(db, keys, snapshot: null);
                foreach (Snapshot snapshot in snapshots)
                {
                    Compare(db, keys, snapshot);
                }

                db.Compact(KeyRange.Below(Key(KeySpace / 2)));
                Compare(db, keys, snapshot: null);
                Compare(db, keys, snapshots.Count > 0 ? snapshots[0] : null);
            }
            finally
            {
                snapshots.ForEach(s => s.Dispose());
            }
        });
    }

    [Fact]
    public void MultiGet_NoKeys_ReturnsEmpty()
    {
        using TempDirectory dir = new("api-multiget");
        using Database db = Database.Open(dir.Path);

        Assert.Empty(db.MultiGet([]));
    }

    private static void Compare(Database db, byte[][] keys, Snapshot? snapshot)
    {
        byte[]?[] batched = db.MultiGet(keys, snapshot);
        Assert.Equal(keys.Length, batched.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            byte[]? single = db.Get(keys[i], snapshot);
            Assert.True(
                single is null ? batched[i] is null : batched[i] is not null && single.AsSpan().SequenceEqual(batched[i]),
                $"key {Encoding.ASCII.GetString(keys[i])} at {(snapshot is null ? "latest" : $"snapshot {snapshot.Sequence}")}: Get {Describe(single)}, MultiGet {Describe(batched[i])}");
        }
    }

    /// <summary>Keys in random order: present, deleted, never written (below, between and above the key space), repeated.</summary>
    private static byte[][] QueryKeys(Random random)
    {
        List<byte[]> keys = [];
        for (int i = 0; i < 300; i++)
        {
            keys.Add(Key(random.Next(KeySpace)));
        }

        keys.Add("a"u8.ToArray());
        keys.Add("k00010x"u8.ToArray());
        keys.Add("zzz"u8.ToArray());
        keys.Add(keys[0]);
        return [.. keys.OrderBy(_ => random.Next())];
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"k{i:D5}");

    private static byte[] RandomValue(Random random, int op)
    {
        byte[] value = new byte[random.Next(0, 120)];
        random.NextBytes(value);
        if (value.Length >= 4)
        {
            BitConverter.TryWriteBytes(value, op);
        }

        return value;
    }

    private static string Describe(byte[]? value) => value is null ? "null" : $"{value.Length} bytes {Convert.ToHexString(value.AsSpan(0, Math.Min(8, value.Length)))}";
}
