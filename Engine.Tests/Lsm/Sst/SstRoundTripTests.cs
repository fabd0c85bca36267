using Engine.Core.Compression;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Sst;

/// <summary>Tables of many versions per key, written and read back against a model, over several block layouts.</summary>
[Trait("Category", "Randomized")]
public sealed class SstRoundTripTests(ITestOutputHelper output)
{
    private sealed record TreeVersion(ulong Sequence, KeyKind Kind, byte[] Value);

    [Theory]
    [InlineData(4096, 16, 10, false)]
    [InlineData(512, 4, 10, false)]
    [InlineData(256, 1, 0, false)]
    [InlineData(64, 16, 5, false)]
    [InlineData(4096, 16, 10, true)]
    [InlineData(512, 4, 0, true)]
    [InlineData(256, 1, 10, true)]
    public void Table_ManyVersionsPerKey_GetsScansAndSeeksMatchModel(int blockSize, int restartInterval, int bloomBits, bool lz4)
    {
        CompressionType compression = lz4 ? CompressionType.Lz4 : CompressionType.None;
        int seed = TestSeed.Get(output, $"{nameof(Table_ManyVersionsPerKey_GetsScansAndSeeksMatchModel)}({blockSize},{restartInterval},{bloomBits},{compression})");
        Random random = new(seed);
        bool compressible = compression != CompressionType.None;
        SortedDictionary<byte[], List<TreeVersion>> model = BuildModel(random, targetEntries: 20_000, compressible, out ulong maxSequence);
        List<(byte[] Key, byte[] Value)> entries = Flatten(model);
        List<(byte[] Start, byte[] End, ulong Sequence)> tombstones = [];
        for (int i = 0; i < 25; i++)
        {
            byte[] start = SstTestData.UserKey(random.Next(6000));
            byte[] end = SstTestData.UserKey(random.Next(6000));
            tombstones.Add((start, end, (ulong)random.Next(1, (int)maxSequence)));
        }

        SstWriterOptions options = new() { BlockSizeBytes = blockSize, BlockRestartInterval = restartInterval, BloomBitsPerKey = bloomBits, Compression = compression };
        byte[] bytes = SstTestData.Write(entries, tombstones, options, out SstWriteResult result);
        using SstReader reader = SstTestData.Open(bytes);
        int compressedBlocks = SstTestData.DataBlockTypes(bytes, reader).Count(t => t == (byte)CompressionType.Lz4);
        output.WriteLine($"{entries.Count} entries of {model.Count} keys in {result.DataBlockCount} blocks ({compressedBlocks} compressed), {bytes.Length} bytes");
        Assert.Equal(compression, reader.Properties.Compression);
        Assert.Equal(compression == CompressionType.None, compressedBlocks == 0);

        Assert.Equal(bytes.Length, result.FileSize);
        Assert.Equal((ulong)entries.Count, result.EntryCount);
        Assert.Equal(result.Properties, reader.Properties);
        Assert.Equal(result.DataBlockCount, reader.DataBlockCount);
        Assert.Equal((ulong)entries.Count(e => SequenceNumber.KindOf(InternalKey.Trailer(e.Key)) == KeyKind.Delete), reader.Properties.NumDeletions);
        Assert.Equal(bloomBits > 0, reader.HasFilter);

        List<(byte[] Key, BlockHandle Handle)> index = SstTestData.IndexEntries(reader);
        Assert.Equal(result.DataBlockCount, index.Count);
        int shortened = index.Count(e => InternalKey.Trailer(e.Key) == IndexSeparator.SeparatorTrailer);
        output.WriteLine($"{shortened} of {index.Count} index keys are shortened separators");
        Assert.True(blockSize > 512 || shortened > 0);

        AssertTombstones(tombstones, reader.RangeTombstones);
        AssertGets(random, model, maxSequence, reader);
        Assert.Equal(entries, SstTestData.ScanForward(reader), EntryComparer.Instance);
        Assert.Equal(Enumerable.Reverse(entries), SstTestData.ScanBackward(reader), EntryComparer.Instance);

        using SstIterator iterator = reader.NewIterator();
        for (int i = 0; i < 2000; i++)
        {
            byte[] target = BlockIteratorTests.RandomTarget(random, entries);
            BlockIteratorTests.AssertSeekGE(iterator, entries, target);
            BlockIteratorTests.AssertSeekLT(iterator, entries, target);
        }

        BlockIteratorTests.AssertRandomWalk(random, iterator, entries);
    }

    [Fact]
    public void Table_OneEntry_RoundTrips()
    {
        byte[] key = SstTestData.Key("only", 7, KeyKind.Set);
        byte[] bytes = SstTestData.Write([(key, "v"u8.ToArray())], [], SstWriterOptions.Default, out SstWriteResult result);
        using SstReader reader = SstTestData.Open(bytes);
        Assert.True(reader.TryGet("only"u8, 7, out ulong trailer, out ReadOnlySpan<byte> value));
        Assert.Equal(SequenceNumber.MakeTrailer(7, KeyKind.Set), trailer);
        Assert.Equal("v"u8.ToArray(), value.ToArray());
        Assert.False(reader.TryGet("only"u8, 6, out _, out _));
        Assert.False(reader.TryGet("onl"u8, 7, out _, out _));
        Assert.Equal(key, result.Smallest);
        Assert.Equal(key, result.Largest);
    }

    [Fact]
    public void Table_Empty_OpensAndFindsNothing()
    {
        byte[] bytes = SstTestData.Write([], [], SstWriterOptions.Default, out SstWriteResult result);
        Assert.True(result.IsEmpty);
        Assert.Empty(result.Smallest);
        Assert.Empty(result.Largest);
        using SstReader reader = SstTestData.Open(bytes);
        Assert.Equal(0, reader.DataBlockCount);
        Assert.False(reader.MayContain("a"u8));
        Assert.False(reader.TryGet("a"u8, SequenceNumber.Max, out _, out _));
        Assert.Empty(SstTestData.ScanForward(reader));
        Assert.Empty(SstTestData.ScanBackward(reader));
        using SstIterator iterator = reader.NewIterator();
        iterator.SeekGE(SstTestData.Key("a", 1, KeyKind.Set));
        Assert.False(iterator.Valid);
        iterator.SeekLT(SstTestData.Key("a", 1, KeyKind.Set));
        Assert.False(iterator.Valid);
    }

    [Fact]
    public void Table_LargeValues_SpanOwnBlocks()
    {
        Random random = new(3);
        List<(byte[] Key, byte[] Value)> entries = Enumerable.Range(0, 50)
            .Select(i => (SstTestData.Key(SstTestData.UserKey(i), 1, KeyKind.Set), SstTestData.RandomBytes(random, 0, 20_000)))
            .OrderBy(e => e.Item1, Comparer<byte[]>.Create(SstTestData.CompareInternal))
            .ToList();
        byte[] bytes = SstTestData.Write(entries, [], new SstWriterOptions { BlockSizeBytes = 1024 }, out _);
        using SstReader reader = SstTestData.Open(bytes);
        Assert.Equal(entries, SstTestData.ScanForward(reader), EntryComparer.Instance);
        foreach ((byte[] key, byte[] value) in entries)
        {
            Assert.True(reader.TryGet(InternalKey.UserKey(key), 1, out _, out ReadOnlySpan<byte> found));
            Assert.Equal(value, found.ToArray());
        }
    }

    private static void AssertGets(Random random, SortedDictionary<byte[], List<TreeVersion>> model, ulong maxSequence, SstReader reader)
    {
        foreach ((byte[] userKey, List<TreeVersion> versions) in model)
        {
            List<ulong> snapshots = [0, maxSequence + 1, SequenceNumber.Max, (ulong)random.Next(0, (int)maxSequence + 2)];
            foreach (TreeVersion v in versions)
            {
                snapshots.Add(v.Sequence);
                snapshots.Add(v.Sequence - 1);
            }

            foreach (ulong snapshot in snapshots)
            {
                TreeVersion? expected = versions.FirstOrDefault(v => v.Sequence <= snapshot);
                bool found = reader.TryGet(userKey, snapshot, out ulong trailer, out ReadOnlySpan<byte> value);
                Assert.Equal(expected is not null, found);
                if (expected is not null)
                {
                    Assert.Equal(SequenceNumber.MakeTrailer(expected.Sequence, expected.Kind), trailer);
                    Assert.Equal(expected.Value, value.ToArray());
                }
            }

            // Neighbours that are not keys: a proper prefix and an extension.
            byte[] extended = [.. userKey, 0];
            Assert.Equal(model.ContainsKey(extended), reader.TryGet(extended, SequenceNumber.Max, out _, out _));
            byte[] prefix = userKey.Length > 0 ? userKey[..^1] : [];
            Assert.Equal(model.ContainsKey(prefix), reader.TryGet(prefix, SequenceNumber.Max, out _, out _));
        }

        long checksBefore = reader.BloomChecks;
        long negativesBefore = reader.BloomNegatives;
        long falseBefore = reader.BloomFalsePositives;
        for (int i = 0; i < 2000; i++)
        {
            // Longer than any random model key and not of the "user/..." form.
            byte[] absent = SstTestData.RandomBytes(random, 20, 24);
            absent[0] = 0x80;
            Assert.False(reader.TryGet(absent, SequenceNumber.Max, out _, out _));
        }

        if (reader.HasFilter)
        {
            long checks = reader.BloomChecks - checksBefore;
            long negatives = reader.BloomNegatives - negativesBefore;
            Assert.Equal(2000, checks);
            Assert.Equal(checks, negatives + (reader.BloomFalsePositives - falseBefore));
            Assert.True(negatives > checks * 0.8, $"{negatives} of {checks} absent keys filtered");
        }
        else
        {
            Assert.Equal(0, reader.BloomChecks);
        }
    }

    private static void AssertTombstones(List<(byte[] Start, byte[] End, ulong Sequence)> written, IReadOnlyList<RangeTombstone> stored)
    {
        var expected = written
            .Where(t => t.Start.AsSpan().SequenceCompareTo(t.End) < 0)
            .GroupBy(t => (Convert.ToHexString(t.Start), t.Sequence))
            .Select(g => g.MaxBy(t => t.End, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))))
            .OrderBy(t => t.Start, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ThenByDescending(t => t.Sequence)
            .ToList();
        Assert.Equal(expected.Count, stored.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Start, stored[i].Start);
            Assert.Equal(expected[i].End, stored[i].End);
            Assert.Equal(expected[i].Sequence, stored[i].Sequence);
        }
    }

    private static SortedDictionary<byte[], List<TreeVersion>> BuildModel(Random random, int targetEntries, bool compressible, out ulong maxSequence)
    {
        SortedDictionary<byte[], List<TreeVersion>> model = new(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
        int entries = 0;
        ulong sequence = 0;
        while (entries < targetEntries)
        {
            byte[] userKey = random.Next(10) == 0 ? SstTestData.RandomBytes(random, 0, 10) : SstTestData.UserKey(random.Next(6000));
            if (!model.TryGetValue(userKey, out List<TreeVersion>? versions))
            {
                versions = [];
                model[userKey] = versions;
            }

            for (int v = random.Next(1, 9); v > 0; v--)
            {
                sequence += (ulong)random.Next(1, 4);
                KeyKind kind = random.Next(4) == 0 ? KeyKind.Delete : KeyKind.Set;
                int length = random.Next(0, (random.Next(20) == 0 ? 600 : 40) + 1);
                byte[] value = kind == KeyKind.Delete ? []
                    : compressible && random.Next(4) != 0 ? SstTestData.CompressibleValue(random, length)
                    : SstTestData.RandomBytes(random, length, length);
                versions.Add(new TreeVersion(sequence, kind, value));
                entries++;
            }
        }

        foreach (List<TreeVersion> versions in model.Values)
        {
            versions.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
        }

        maxSequence = sequence;
        return model;
    }

    private static List<(byte[] Key, byte[] Value)> Flatten(SortedDictionary<byte[], List<TreeVersion>> model) =>
        model.SelectMany(kv => kv.Value.Select(v => (SstTestData.Key(kv.Key, v.Sequence, v.Kind), v.Value))).ToList();

    private sealed class EntryComparer : IEqualityComparer<(byte[] Key, byte[] Value)>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals((byte[] Key, byte[] Value) x, (byte[] Key, byte[] Value) y) =>
            x.Key.AsSpan().SequenceEqual(y.Key) && x.Value.AsSpan().SequenceEqual(y.Value);

        public int GetHashCode((byte[] Key, byte[] Value) obj) => obj.Key.Length;
    }
}
