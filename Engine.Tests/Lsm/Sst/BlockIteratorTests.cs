using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Sst;

/// <summary>Blocks built by <see cref="BlockBuilder"/> and read back through <see cref="BlockIterator"/>, against a sorted list.</summary>
[Trait("Category", "Randomized")]
public sealed class BlockIteratorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void RoundTrip_RandomInternalKeys_ScansAndSeeksMatchModel(int restartInterval)
    {
        TestSeed.Run(output, $"{nameof(RoundTrip_RandomInternalKeys_ScansAndSeeksMatchModel)}({restartInterval})", 20, seed =>
        {
            Random random = new(seed);
            List<(byte[] Key, byte[] Value)> entries = RandomEntries(random, random.Next(1, 400));
            using BlockIterator iterator = Build(entries, restartInterval, BlockKeyOrder.Internal, out _);

            AssertScans(iterator, entries);
            for (int i = 0; i < 300; i++)
            {
                byte[] target = RandomTarget(random, entries);
                AssertSeekGE(iterator, entries, target);
                AssertSeekLT(iterator, entries, target);
            }

            AssertRandomWalk(random, iterator, entries);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void RoundTrip_BytewiseKeys_SeeksCompareBytewise(int restartInterval)
    {
        TestSeed.Run(output, $"{nameof(RoundTrip_BytewiseKeys_SeeksCompareBytewise)}({restartInterval})", 20, seed =>
        {
            Random random = new(seed);
            SortedSet<byte[]> keys = new(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
            int count = random.Next(1, 200);
            while (keys.Count < count)
            {
                keys.Add(SstTestData.RandomBytes(random, 0, 6));
            }

            List<(byte[] Key, byte[] Value)> entries = keys.Select(k => (k, SstTestData.RandomBytes(random, 0, 10))).ToList();
            using BlockIterator iterator = Build(entries, restartInterval, BlockKeyOrder.Bytewise, out _);
            AssertScans(iterator, entries);
            for (int i = 0; i < 200; i++)
            {
                byte[] target = SstTestData.RandomBytes(random, 0, 6);
                int expected = entries.FindIndex(e => e.Key.AsSpan().SequenceCompareTo(target) >= 0);
                iterator.SeekGE(target);
                AssertAt(iterator, entries, expected);
                iterator.SeekLT(target);
                AssertAt(iterator, entries, (expected < 0 ? entries.Count : expected) - 1);
            }
        });
    }

    [Fact]
    public void Seek_AtBetweenBeforeAndAfterKeys_FindsNeighbours()
    {
        List<(byte[] Key, byte[] Value)> entries =
        [
            (SstTestData.Key("b", 9, KeyKind.Set), "b9"u8.ToArray()),
            (SstTestData.Key("b", 5, KeyKind.Delete), []),
            (SstTestData.Key("d", 7, KeyKind.Set), "d7"u8.ToArray()),
            (SstTestData.Key("f", 1, KeyKind.Set), "f1"u8.ToArray()),
        ];
        using BlockIterator iterator = Build(entries, 2, BlockKeyOrder.Internal, out _);

        iterator.SeekGE(SstTestData.Key("a", 1, KeyKind.Set));
        AssertAt(iterator, entries, 0);
        iterator.SeekGE(SstTestData.Key("b", 9, KeyKind.Set));
        AssertAt(iterator, entries, 0);
        iterator.SeekGE(SstTestData.Key("b", 7, KeyKind.Max));
        AssertAt(iterator, entries, 1);
        iterator.SeekGE(SstTestData.Key("c", 7, KeyKind.Max));
        AssertAt(iterator, entries, 2);
        iterator.SeekGE(SstTestData.Key("g", 1, KeyKind.Set));
        Assert.False(iterator.Valid);

        iterator.SeekLT(SstTestData.Key("a", 1, KeyKind.Set));
        Assert.False(iterator.Valid);
        iterator.SeekLT(SstTestData.Key("b", 5, KeyKind.Delete));
        AssertAt(iterator, entries, 0);
        iterator.SeekLT(SstTestData.Key("e", 1, KeyKind.Set));
        AssertAt(iterator, entries, 2);
        iterator.SeekLT(SstTestData.Key("z", 1, KeyKind.Set));
        AssertAt(iterator, entries, 3);
    }

    [Fact]
    public void EmptyBlock_IsFourBytes_AndNeverValid()
    {
        using BlockBuilder builder = new(16, BlockKeyOrder.Internal);
        Assert.True(builder.IsEmpty);
        Assert.Equal(4, builder.Finish().Length);
        using BlockIterator iterator = Build([], 16, BlockKeyOrder.Internal, out _);
        iterator.First();
        Assert.False(iterator.Valid);
        iterator.Last();
        Assert.False(iterator.Valid);
        iterator.SeekGE(SstTestData.Key("a", 1, KeyKind.Set));
        Assert.False(iterator.Valid);
        iterator.SeekLT(SstTestData.Key("a", 1, KeyKind.Set));
        Assert.False(iterator.Valid);
    }

    [Fact]
    public void Builder_AfterReset_ProducesIdenticalBytes()
    {
        Random random = new(7);
        List<(byte[] Key, byte[] Value)> entries = RandomEntries(random, 100);
        using BlockBuilder builder = new(4, BlockKeyOrder.Internal, 16);
        byte[] first = Fill(builder, entries);
        builder.Reset();
        Assert.True(builder.IsEmpty);
        byte[] second = Fill(builder, entries);
        Assert.Equal(first, second);
        Assert.Equal(first.Length, builder.CurrentSizeEstimate);
    }

    [Fact]
    public void Builder_SharesPrefixesBetweenRestarts()
    {
        List<(byte[] Key, byte[] Value)> entries = Enumerable.Range(0, 64)
            .Select(i => (SstTestData.Key($"a-long-common-prefix-{i:D3}", 1, KeyKind.Set), Array.Empty<byte>()))
            .ToList();
        using BlockBuilder compressed = new(16, BlockKeyOrder.Internal);
        using BlockBuilder plain = new(1, BlockKeyOrder.Internal);
        Assert.True(Fill(compressed, entries).Length < Fill(plain, entries).Length / 2);
    }

    [Fact]
    public void RoundTrip_LongKeysSharingPrefixes_GrowTheKeyBuffer()
    {
        Random random = new(9);
        byte[] prefix = SstTestData.RandomBytes(random, 3000, 3000);
        List<(byte[] Key, byte[] Value)> entries = Enumerable.Range(0, 40)
            .Select(i => (SstTestData.Key([.. prefix.AsSpan(0, 100 + (i * 70)), (byte)i], 1, KeyKind.Set), new[] { (byte)i }))
            .OrderBy(e => e.Item1, Comparer<byte[]>.Create(SstTestData.CompareInternal))
            .ToList();
        using BlockIterator iterator = Build(entries, 8, BlockKeyOrder.Internal, out byte[] block);
        Assert.True(block.Length < entries.Sum(e => e.Key.Length) / 4);
        AssertScans(iterator, entries);
        AssertRandomWalk(random, iterator, entries);
    }

    [Fact]
    public void Builder_SteadyState_DoesNotAllocate()
    {
        List<(byte[] Key, byte[] Value)> entries = RandomEntries(new Random(4), 200);
        using BlockBuilder builder = new(16, BlockKeyOrder.Internal);
        int size = Fill(builder, entries).Length;
        long allocated = Allocations.FewestOfThree(() =>
        {
            for (int round = 0; round < 10; round++)
            {
                builder.Reset();
                foreach ((byte[] key, byte[] value) in entries)
                {
                    builder.Add(key, value);
                }

                size += builder.Finish().Length;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(size > 0);
    }

#if ENGINE_INVARIANTS
    [Fact]
    public void Builder_OutOfOrderKey_FailsTheInvariant()
    {
        using BlockBuilder builder = new(16, BlockKeyOrder.Internal);
        builder.Add(SstTestData.Key("b", 1, KeyKind.Set), []);
        var ex = Assert.Throws<Engine.Api.StorageException>(() => builder.Add(SstTestData.Key("a", 1, KeyKind.Set), []));
        Assert.Equal(Engine.Api.StorageErrorCode.Internal, ex.Code);
    }
#endif

    internal static List<(byte[] Key, byte[] Value)> RandomEntries(Random random, int count)
    {
        // One kind per (user key, sequence), as in a store: sequence numbers are unique per operation.
        SortedSet<byte[]> keys = new(Comparer<byte[]>.Create(SstTestData.CompareInternal));
        HashSet<(string, ulong)> versions = [];
        while (keys.Count < count)
        {
            byte[] user = random.Next(4) == 0 ? SstTestData.RandomBytes(random, 0, 12) : SstTestData.UserKey(random.Next(count * 2));
            ulong sequence = (ulong)random.Next(1, 50);
            if (versions.Add((Convert.ToHexString(user), sequence)))
            {
                keys.Add(SstTestData.Key(user, sequence, random.Next(3) == 0 ? KeyKind.Delete : KeyKind.Set));
            }
        }

        return keys.Select(k => (k, SstTestData.RandomBytes(random, 0, 20))).ToList();
    }

    internal static byte[] RandomTarget(Random random, List<(byte[] Key, byte[] Value)> entries)
    {
        switch (random.Next(4))
        {
            case 0:
                return entries[random.Next(entries.Count)].Key;
            case 1:
                byte[] user = InternalKey.UserKey(entries[random.Next(entries.Count)].Key).ToArray();
                return SstTestData.Key(user, (ulong)random.Next(0, 52), (KeyKind)random.Next(0, 3));
            case 2:
                return SstTestData.Key(SstTestData.RandomBytes(random, 0, 12), (ulong)random.Next(0, 52), KeyKind.Set);
            default:
                return random.Next(2) == 0 ? SstTestData.Key([], SequenceNumber.Max, KeyKind.Max) : SstTestData.Key([0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0, KeyKind.Delete);
        }
    }

    internal static void AssertSeekGE(IInternalIterator iterator, List<(byte[] Key, byte[] Value)> entries, byte[] target)
    {
        iterator.SeekGE(target);
        AssertAt(iterator, entries, entries.FindIndex(e => InternalKey.Compare(e.Key, target) >= 0));
    }

    internal static void AssertSeekLT(IInternalIterator iterator, List<(byte[] Key, byte[] Value)> entries, byte[] target)
    {
        iterator.SeekLT(target);
        AssertAt(iterator, entries, entries.FindLastIndex(e => InternalKey.Compare(e.Key, target) < 0));
    }

    internal static void AssertAt(IInternalIterator iterator, List<(byte[] Key, byte[] Value)> entries, int index)
    {
        if (index < 0 || index >= entries.Count)
        {
            Assert.False(iterator.Valid, $"expected no entry, found one at {Convert.ToHexString(iterator.Valid ? iterator.Key : [])}");
            return;
        }

        Assert.True(iterator.Valid, $"expected entry {index}");
        Assert.Equal(entries[index].Key, iterator.Key.ToArray());
        Assert.Equal(entries[index].Value, iterator.Value.ToArray());
    }

    internal static void AssertScans(IInternalIterator iterator, List<(byte[] Key, byte[] Value)> entries)
    {
        int i = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            AssertAt(iterator, entries, i++);
        }

        Assert.Equal(entries.Count, i);
        i = entries.Count - 1;
        for (iterator.Last(); iterator.Valid; iterator.Prev())
        {
            AssertAt(iterator, entries, i--);
        }

        Assert.Equal(-1, i);
    }

    /// <summary>Random Next/Prev steps from random starting points, checked step by step.</summary>
    internal static void AssertRandomWalk(Random random, IInternalIterator iterator, List<(byte[] Key, byte[] Value)> entries)
    {
        for (int walk = 0; walk < 20; walk++)
        {
            int index = random.Next(entries.Count);
            iterator.SeekGE(entries[index].Key);
            AssertAt(iterator, entries, index);
            for (int step = 0; step < 50 && index >= 0 && index < entries.Count; step++)
            {
                if (random.Next(2) == 0)
                {
                    iterator.Next();
                    index++;
                }
                else
                {
                    iterator.Prev();
                    index--;
                }

                AssertAt(iterator, entries, index);
            }
        }
    }

    private static byte[] Fill(BlockBuilder builder, List<(byte[] Key, byte[] Value)> entries)
    {
        foreach ((byte[] key, byte[] value) in entries)
        {
            builder.Add(key, value);
        }

        return builder.Finish().ToArray();
    }

    private static BlockIterator Build(List<(byte[] Key, byte[] Value)> entries, int restartInterval, BlockKeyOrder order, out byte[] block)
    {
        using BlockBuilder builder = new(restartInterval, order);
        block = Fill(builder, entries);
        BlockReader reader = new(block, order, "<block>", 0);
        reader.Validate();
        return new BlockIterator(new InMemoryMappedFile(block), new BlockHandle(0, block.Length), order);
    }
}
