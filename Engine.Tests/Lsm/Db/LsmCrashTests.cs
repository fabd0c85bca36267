using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Crashes on <see cref="MemFileSystem.CrashClone(CrashOptions)"/> at random points of a random workload. After each
/// recovery: every write acknowledged as Synced is present, and the state equals the state after some prefix of the
/// issued writes (no holes, nothing invented, batches all or nothing).
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmCrashTests(ITestOutputHelper output)
{
    private static readonly LsmOptions s_options = new()
    {
        WriteBufferSizeBytes = 4 << 10,
        BlockSizeBytes = 512,
        L0CompactionTrigger = 3,
        TargetFileSizeBytes = 8 << 10,
    };

    [Fact]
    public void Crash_RecoversAPrefixWithEverySyncedWrite()
    {
        int seeds = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 2000 : 60;
        TestSeed.Run(output, nameof(Crash_RecoversAPrefixWithEverySyncedWrite), seeds, RunOnce);
    }

    private static void RunOnce(int seed)
    {
        Random random = new(seed);
        MemFileSystem fs = new();
        List<Dictionary<string, byte[]?>> units = [];
        int lastSynced = -1;
        int crashAfter = random.Next(1, 400);
        MemFileSystem clone;
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options))
        {
            for (int i = 0; i < crashAfter; i++)
            {
                Durability durability = (Durability)random.Next(3);
                Dictionary<string, byte[]?> unit = [];
                WriteBatch batch = new();
                int ops = random.Next(1, 5);
                for (int j = 0; j < ops; j++)
                {
                    string key = $"k{random.Next(60):D3}";
                    if (random.Next(4) == 0)
                    {
                        batch.Delete(System.Text.Encoding.ASCII.GetBytes(key));
                        unit[key] = null;
                    }
                    else
                    {
                        byte[] value = System.Text.Encoding.ASCII.GetBytes($"{i}.{j}.{new string('v', random.Next(0, 200))}");
                        batch.Put(System.Text.Encoding.ASCII.GetBytes(key), value);
                        unit[key] = value;
                    }
                }

                db.Write(batch, new WriteOptions { Durability = durability });
                units.Add(unit);
                if (durability == Durability.Synced)
                {
                    lastSynced = i;
                }
            }

            CrashOptions crash = random.Next(4) switch
            {
                0 => CrashOptions.KeepNone,
                1 => CrashOptions.KeepAll,
                2 => new CrashOptions { Keep = CrashKeep.Random, Seed = random.Next(), TearLastWrite = true },
                _ => new CrashOptions { Keep = CrashKeep.Random, Seed = random.Next(), PreserveWriteOrder = false },
            };
            clone = fs.CrashClone(crash);
        }

        Dictionary<string, byte[]> recovered = [];
        using (LsmDatabase db = LsmDatabase.Open(clone, "/db", s_options))
        {
            using DbIterator it = db.NewIterator();
            for (it.First(); it.Valid; it.Next())
            {
                recovered[System.Text.Encoding.ASCII.GetString(it.Key)] = it.Value.ToArray();
            }
        }

        // Find a prefix of the issued writes that produces exactly the recovered state.
        Dictionary<string, byte[]> state = [];
        for (int prefix = 0; prefix <= units.Count; prefix++)
        {
            if (prefix > lastSynced && SameState(state, recovered))
            {
                return;
            }

            if (prefix < units.Count)
            {
                foreach ((string key, byte[]? value) in units[prefix])
                {
                    if (value is null)
                    {
                        state.Remove(key);
                    }
                    else
                    {
                        state[key] = value;
                    }
                }
            }
        }

        Assert.Fail($"The recovered state ({recovered.Count} keys) is not the state after any prefix of the {units.Count} writes that includes the last synced one (#{lastSynced}).");
    }

    private static bool SameState(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out byte[]? v) && v.AsSpan().SequenceEqual(kv.Value));
}
