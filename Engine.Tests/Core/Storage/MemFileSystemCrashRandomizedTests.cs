using System.Globalization;
using Engine.Core.Storage;
using Xunit.Abstractions;

namespace Engine.Tests.Core.Storage;

/// <summary>Seeded checks of <see cref="MemFileSystem.CrashClone(CrashOptions)"/> in its random modes.</summary>
[Trait("Category", "Randomized")]
public sealed class MemFileSystemCrashRandomizedTests
{
    private static readonly string s_dir = Path.Combine("mem", "db");
    private readonly ITestOutputHelper _output;

    public MemFileSystemCrashRandomizedTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string At(string name) => Path.Combine(s_dir, name);

    [Fact]
    public void Random_SameSeed_SameCrash()
    {
        MemFileSystem fs = BuildBusyFileSystem(TestSeed());

        for (int seed = 0; seed < 20; seed++)
        {
            CrashOptions options = CrashOptions.Random(seed) with { TearLastWrite = seed % 2 == 0 };
            Assert.Equal(MemFileSystemCrashTests.Snapshot(fs.CrashClone(options)), MemFileSystemCrashTests.Snapshot(fs.CrashClone(options)));
        }
    }

    [Fact]
    public void Random_PreserveWriteOrder_KeepsPrefixOfAppends()
    {
        MemFileSystem fs = NewFileSystem();
        byte[] synced = [0xFF, 0xFE];
        byte[][] appends = [.. Enumerable.Range(1, 8).Select(i => Enumerable.Repeat((byte)i, i).ToArray())];
        using IWritableFile file = fs.Create(At("wal"));
        file.Append(synced);
        file.Sync();
        foreach (byte[] append in appends)
        {
            file.Append(append);
        }

        HashSet<int> prefixLengths = [];
        int baseSeed = TestSeed();
        for (int i = 0; i < 100; i++)
        {
            byte[] crashed = fs.CrashClone(CrashOptions.Random(baseSeed + i)).ReadAllBytes(At("wal"));

            int kept = Enumerable.Range(0, appends.Length + 1)
                .Single(k => crashed.AsSpan().SequenceEqual([.. synced, .. appends.Take(k).SelectMany(a => a)]));
            prefixLengths.Add(kept);
        }

        // Uniform prefix lengths over 9 values: 100 draws miss one with odds far below one in a million.
        Assert.Equal(appends.Length + 1, prefixLengths.Count);
    }

    [Fact]
    public void Random_WithoutWriteOrder_KeepsAnySubset_LeavingHoles()
    {
        MemFileSystem fs = NewFileSystem();
        using IWritableFile file = fs.Create(At("wal"));
        file.Append([9]);
        file.Sync();
        for (byte i = 1; i <= 6; i++)
        {
            file.Append([i, i]);
        }

        bool sawHole = false;
        int baseSeed = TestSeed();
        for (int i = 0; i < 100; i++)
        {
            byte[] crashed = fs.CrashClone(CrashOptions.Random(baseSeed + i) with { PreserveWriteOrder = false }).ReadAllBytes(At("wal"));

            Assert.Equal(9, crashed[0]);
            Assert.Equal(1, crashed.Length % 2);
            bool sawMissing = false;
            for (int block = 0; block < crashed.Length / 2; block++)
            {
                byte expected = (byte)(block + 1);
                bool present = crashed[1 + (2 * block)] == expected && crashed[2 + (2 * block)] == expected;
                bool zero = crashed[1 + (2 * block)] == 0 && crashed[2 + (2 * block)] == 0;
                Assert.True(present || zero, $"block {block} is neither its bytes nor a hole");
                sawHole |= present && sawMissing;
                sawMissing |= zero;
            }
        }

        Assert.True(sawHole, "no crash kept a later write while losing an earlier one");
    }

    [Fact]
    public void RandomHistory_CrashesKeepSyncedFiles_AndKeepAllMatchesCurrentState()
    {
        int baseSeed = TestSeed();
        int checkedFiles = 0;
        for (int history = 0; history < 20; history++)
        {
            MemFileSystem fs = BuildBusyFileSystem(baseSeed + history, out Dictionary<string, byte[]> stable);
            Random random = new(baseSeed + history);
            checkedFiles += stable.Count;

            Assert.Equal(MemFileSystemCrashTests.Snapshot(fs), MemFileSystemCrashTests.Snapshot(fs.CrashClone(CrashOptions.KeepAll)));
            for (int i = 0; i < 20; i++)
            {
                CrashOptions options = new()
                {
                    Keep = (CrashKeep)random.Next(3),
                    Seed = random.Next(),
                    KeepProbability = random.NextDouble(),
                    TearLastWrite = random.Next(2) == 0,
                    PreserveWriteOrder = random.Next(2) == 0,
                };
                MemFileSystem crashed = fs.CrashClone(options);

                foreach ((string path, byte[] content) in stable)
                {
                    Assert.True(crashed.Exists(path), $"history {baseSeed + history}, {options}: synced file {path} is missing");
                    Assert.Equal(content, crashed.ReadAllBytes(path));
                }

                Assert.Equal(MemFileSystemCrashTests.Snapshot(crashed), MemFileSystemCrashTests.Snapshot(crashed.CrashClone()));
            }
        }

        _output.WriteLine($"{checkedFiles} synced files checked");
        Assert.True(checkedFiles > 0);
    }

    private static MemFileSystem NewFileSystem()
    {
        MemFileSystem fs = new();
        fs.CreateDirectory(s_dir);
        return fs;
    }

    private static MemFileSystem BuildBusyFileSystem(int seed) => BuildBusyFileSystem(seed, out _);

    /// <summary>
    /// Runs a random history of creates, appends, truncations, syncs, renames and deletes over a few names, and
    /// returns in <paramref name="stable"/> the files that every crash must keep: synced, and untouched since.
    /// </summary>
    private static MemFileSystem BuildBusyFileSystem(int seed, out Dictionary<string, byte[]> stable)
    {
        Random random = new(seed);
        MemFileSystem fs = NewFileSystem();
        string[] names = ["a", "b", "c", "d", "e"];
        Dictionary<string, int> inodeAt = [];
        Dictionary<int, (IWritableFile File, List<byte> Content)> open = [];
        Dictionary<string, byte[]> synced = [];
        int nextInode = 0;

        for (int step = 0; step < 300; step++)
        {
            string name = names[random.Next(names.Length)];
            string path = At(name);
            int[] handles = [.. open.Keys];
            switch (random.Next(7))
            {
                case 0:
                    if (inodeAt.TryGetValue(name, out int existing))
                    {
                        open[existing].File.Dispose();
                        open[existing] = (fs.Create(path), []);
                    }
                    else
                    {
                        inodeAt[name] = ++nextInode;
                        open[nextInode] = (fs.Create(path), []);
                    }

                    synced.Remove(path);
                    break;
                case 1 or 2 when handles.Length > 0:
                    {
                        int inode = handles[random.Next(handles.Length)];
                        byte[] data = new byte[random.Next(1, 20)];
                        random.NextBytes(data);
                        open[inode].File.Append(data);
                        open[inode].Content.AddRange(data);
                        Forget(inode);
                        break;
                    }

                case 3 when handles.Length > 0:
                    {
                        int inode = handles[random.Next(handles.Length)];
                        open[inode].File.Sync();
                        foreach ((string at, int id) in inodeAt)
                        {
                            if (id == inode)
                            {
                                synced[At(at)] = [.. open[inode].Content];
                            }
                        }

                        break;
                    }

                case 4 when handles.Length > 0:
                    {
                        int inode = handles[random.Next(handles.Length)];
                        (IWritableFile file, List<byte> content) = open[inode];
                        int length = random.Next(content.Count + 1);
                        file.Truncate(length);
                        content.RemoveRange(length, content.Count - length);
                        Forget(inode);
                        break;
                    }

                case 5 when inodeAt.TryGetValue(name, out int moving):
                    {
                        string target = names[random.Next(names.Length)];
                        fs.Rename(path, At(target));
                        inodeAt.Remove(name);
                        inodeAt[target] = moving;
                        synced.Remove(path);
                        synced.Remove(At(target));
                        break;
                    }

                case 6:
                    fs.Delete(path);
                    inodeAt.Remove(name);
                    synced.Remove(path);
                    break;
                default:
                    break;
            }
        }

        // Settle: sync some files that have names, so that they must survive every crash despite the pending
        // operations of the others.
        foreach ((string at, int id) in inodeAt)
        {
            if (open.TryGetValue(id, out var handle) && random.Next(2) == 0)
            {
                handle.File.Sync();
                synced[At(at)] = [.. handle.Content];
            }
        }

        stable = synced;
        return fs;

        void Forget(int inode)
        {
            foreach ((string at, int id) in inodeAt)
            {
                if (id == inode)
                {
                    synced.Remove(At(at));
                }
            }
        }
    }

    private int TestSeed()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED");
        int seed = fromEnvironment is null ? Random.Shared.Next() : int.Parse(fromEnvironment, CultureInfo.InvariantCulture);
        _output.WriteLine($"seed {seed} (replay with ENGINE_TEST_SEED={seed})");
        return seed;
    }
}
