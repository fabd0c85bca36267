using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Db;

/// <summary>Flipped bits in every kind of file are reported as corruption, never returned as data.</summary>
[Trait("Category", "Randomized")]
public sealed class LsmCorruptionTests(ITestOutputHelper output)
{
    private static readonly LsmOptions s_options = new() { WriteBufferSizeBytes = 8 << 10, BlockSizeBytes = 512, L0CompactionTrigger = 8 };

    [Theory]
    [InlineData("table")]
    [InlineData("log")]
    [InlineData("manifest")]
    public void BitFlip_IsReportedAsCorruption(string fileKind)
    {
        FileKind kind = fileKind switch { "table" => FileKind.Table, "log" => FileKind.Log, _ => FileKind.Manifest };
        TestSeed.Run(output, $"{nameof(BitFlip_IsReportedAsCorruption)}({kind})", 25, seed =>
        {
            Random random = new(seed);
            (MemFileSystem fs, Dictionary<string, byte[]> expected) = BuildStore(random, flushAtEnd: kind != FileKind.Log);
            string victim = fs.List("/db").Where(n => FileNames.TryParse(n, out FileKind k, out _) && k == kind).OrderBy(_ => random.Next()).First();
            // Logs end in a close marker that no later chunk vouches for (docs/format/wal.md): flip in the first half.
            long length = fs.GetLength("/db/" + victim);
            long bit = random.NextInt64((kind == FileKind.Table ? length : length / 2) * 8);
            fs.FlipBit("/db/" + victim, bit);

            CorruptionException ex = Assert.Throws<CorruptionException>(() => ReadEverything(fs, expected));
            Assert.Contains(victim, ex.FilePath, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void MissingTable_IsReportedOnOpen()
    {
        (MemFileSystem fs, _) = BuildStore(new Random(1), flushAtEnd: true);
        string table = fs.List("/db").First(n => n.EndsWith(".sst", StringComparison.Ordinal));
        fs.Delete("/db/" + table);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => LsmDatabase.Open(fs, "/db", s_options).Dispose());
        Assert.Contains(table, ex.FilePath, StringComparison.Ordinal);
    }

    private static (MemFileSystem, Dictionary<string, byte[]>) BuildStore(Random random, bool flushAtEnd)
    {
        MemFileSystem fs = new();
        Dictionary<string, byte[]> expected = [];
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        for (int i = 0; i < 600; i++)
        {
            string key = $"key{random.Next(300):D4}";
            byte[] value = new byte[random.Next(1, 60)];
            random.NextBytes(value);
            db.Put(System.Text.Encoding.ASCII.GetBytes(key), value, WriteOptions.Synced);
            expected[key] = value;
        }

        if (flushAtEnd)
        {
            db.Flush();
        }

        return (fs, expected);
    }

    /// <summary>Opens the store and reads every key and a full scan; throws what the store throws.</summary>
    private static void ReadEverything(MemFileSystem fs, Dictionary<string, byte[]> expected)
    {
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        foreach ((string key, byte[] value) in expected)
        {
            byte[]? actual = db.Get(System.Text.Encoding.ASCII.GetBytes(key));
            Assert.True(actual is not null && actual.AsSpan().SequenceEqual(value), $"wrong value for {key} returned instead of a corruption report");
        }

        using DbIterator it = db.NewIterator();
        int count = 0;
        for (it.First(); it.Valid; it.Next())
        {
            count++;
        }

        Assert.Equal(expected.Count, count);
    }
}
