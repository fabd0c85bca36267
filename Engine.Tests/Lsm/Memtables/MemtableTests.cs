using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;
using Engine.Tests.Infrastructure;
// Inside Engine.Tests.Lsm.*, the bare name Memtable resolves to this test namespace.
using LsmMemtable = Engine.Lsm.Memtables.Memtable;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Memtables;

[Trait("Category", "Unit")]
public sealed class MemtableTests
{
    private static void Add(LsmMemtable memtable, ulong sequence, KeyKind kind, string userKey, string value = "") =>
        Assert.True(memtable.TryAdd(sequence, kind, TestKeys.Bytes(userKey), TestKeys.Bytes(value)));

    private static string Latest(LsmMemtable memtable, string userKey, ulong snapshot) =>
        memtable.TryGetLatest(TestKeys.Bytes(userKey), snapshot, out ulong trailer, out ReadOnlySpan<byte> value)
            ? $"{SequenceNumber.KindOf(trailer)}@{SequenceNumber.SequenceOf(trailer)}:{System.Text.Encoding.UTF8.GetString(value)}"
            : "<none>";

    [Fact]
    public void New_IsEmpty()
    {
        LsmMemtable memtable = new(4096);

        Assert.True(memtable.IsEmpty);
        Assert.Equal(0, memtable.Count);
        Assert.Equal(0UL, memtable.LargestSequence);
        Assert.Equal(0UL, memtable.SmallestSequence);
        Assert.True(memtable.ApproximateMemoryUsage <= LsmMemtable.FixedOverhead);
        Assert.Equal("<none>", Latest(memtable, "a", SequenceNumber.Max));
        Assert.Equal(0UL, memtable.MaxCoveringRangeTombstoneSequence(TestKeys.Bytes("a"), SequenceNumber.Max));
        Assert.False(memtable.NewPointIterator().First());
        Assert.False(memtable.NewRangeTombstoneIterator().First());
    }

    [Fact]
    public void TryGetLatest_SeesNewestVersionAtOrBelowSnapshot()
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 10, KeyKind.Set, "k", "v10");
        Add(memtable, 20, KeyKind.Delete, "k");
        Add(memtable, 30, KeyKind.Set, "k", "v30");
        Add(memtable, 15, KeyKind.Set, "j", "other");
        Add(memtable, 25, KeyKind.Set, "l", "other");

        Assert.Equal("<none>", Latest(memtable, "k", 0));
        Assert.Equal("<none>", Latest(memtable, "k", 9));
        Assert.Equal("Set@10:v10", Latest(memtable, "k", 10));
        Assert.Equal("Set@10:v10", Latest(memtable, "k", 19));
        Assert.Equal("Delete@20:", Latest(memtable, "k", 20));
        Assert.Equal("Delete@20:", Latest(memtable, "k", 29));
        Assert.Equal("Set@30:v30", Latest(memtable, "k", 30));
        Assert.Equal("Set@30:v30", Latest(memtable, "k", SequenceNumber.Max));
        Assert.Equal("Set@30:v30", Latest(memtable, "k", ulong.MaxValue));
    }

    [Fact]
    public void TryGetLatest_OtherUserKeys_AreNotConfused()
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 1, KeyKind.Set, "ab", "ab");
        Add(memtable, 2, KeyKind.Set, "abc", "abc");
        Add(memtable, 3, KeyKind.Set, "a", "a");

        Assert.Equal("Set@1:ab", Latest(memtable, "ab", 10));
        Assert.Equal("Set@3:a", Latest(memtable, "a", 10));
        Assert.Equal("<none>", Latest(memtable, "a", 2));
        Assert.Equal("<none>", Latest(memtable, "abb", 10));
        Assert.Equal("<none>", Latest(memtable, "", 10));
        Assert.Equal("<none>", Latest(memtable, "b", 10));
    }

    [Fact]
    public void TryGetLatest_IgnoresRangeTombstones()
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 1, KeyKind.Set, "b", "v");
        Add(memtable, 2, KeyKind.RangeDelete, "a", "c");
        Add(memtable, 3, KeyKind.RangeDelete, "x", "y");

        Assert.Equal("Set@1:v", Latest(memtable, "b", 5));
        Assert.Equal("<none>", Latest(memtable, "x", 5));
        Assert.Equal(1, memtable.PointCount);
        Assert.Equal(2, memtable.RangeTombstoneCount);
        Assert.Equal(3, memtable.Count);
    }

    [Fact]
    public void Iterators_SeparatePointsFromRangeTombstones()
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 1, KeyKind.Set, "b", "v");
        Add(memtable, 2, KeyKind.RangeDelete, "a", "c");
        Add(memtable, 3, KeyKind.Delete, "a");

        SkipListIterator points = memtable.NewPointIterator();
        SkipListIterator ranges = memtable.NewRangeTombstoneIterator();

        Assert.True(points.First());
        Assert.Equal("a@3#Delete", TestKeys.Describe(points.Key));
        Assert.True(points.Next());
        Assert.Equal("b@1#Set", TestKeys.Describe(points.Key));
        Assert.False(points.Next());
        Assert.True(ranges.First());
        Assert.Equal("a@2#RangeDelete", TestKeys.Describe(ranges.Key));
        Assert.Equal("c"u8.ToArray(), ranges.Value.ToArray());
        Assert.False(ranges.Next());
    }

    [Theory]
    [InlineData("a", 100UL, 0UL)]
    [InlineData("b", 100UL, 10UL)]
    [InlineData("c", 100UL, 20UL)]
    [InlineData("c", 19UL, 10UL)]
    [InlineData("c", 9UL, 0UL)]
    [InlineData("dz", 100UL, 20UL)]
    [InlineData("e", 100UL, 30UL)]
    [InlineData("e", 29UL, 20UL)]
    [InlineData("f", 100UL, 30UL)]
    [InlineData("g", 100UL, 0UL)]
    [InlineData("m", 100UL, 40UL)]
    [InlineData("m", 39UL, 0UL)]
    [InlineData("z", 100UL, 0UL)]
    public void MaxCoveringRangeTombstoneSequence_StartInclusiveEndExclusive(string userKey, ulong snapshot, ulong expected)
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 10, KeyKind.RangeDelete, "b", "e");
        Add(memtable, 20, KeyKind.RangeDelete, "c", "f");
        Add(memtable, 30, KeyKind.RangeDelete, "e", "g");
        Add(memtable, 40, KeyKind.RangeDelete, "m", "m\0");
        Add(memtable, 50, KeyKind.RangeDelete, "p", "p");

        Assert.Equal(expected, memtable.MaxCoveringRangeTombstoneSequence(TestKeys.Bytes(userKey), snapshot));
    }

    [Fact]
    public void MaxCoveringRangeTombstoneSequence_SameStartSeveralSequences_TakesLargestVisible()
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 5, KeyKind.RangeDelete, "a", "z");
        Add(memtable, 9, KeyKind.RangeDelete, "a", "b");
        Add(memtable, 7, KeyKind.RangeDelete, "a", "k");

        Assert.Equal(9UL, memtable.MaxCoveringRangeTombstoneSequence(TestKeys.Bytes("a"), 100));
        Assert.Equal(7UL, memtable.MaxCoveringRangeTombstoneSequence(TestKeys.Bytes("c"), 100));
        Assert.Equal(5UL, memtable.MaxCoveringRangeTombstoneSequence(TestKeys.Bytes("c"), 6));
        Assert.Equal(5UL, memtable.MaxCoveringRangeTombstoneSequence(TestKeys.Bytes("x"), 100));
    }

    [Fact]
    public void Sequences_TrackLargestAndSmallest()
    {
        LsmMemtable memtable = new(4096);
        Add(memtable, 50, KeyKind.Set, "a", "");
        Add(memtable, 40, KeyKind.RangeDelete, "a", "b");
        Add(memtable, 70, KeyKind.Delete, "b");
        Add(memtable, 60, KeyKind.Set, "c", "");

        Assert.Equal(70UL, memtable.LargestSequence);
        Assert.Equal(40UL, memtable.SmallestSequence);
        Assert.False(memtable.IsEmpty);
    }

    [Fact]
    public void TryAdd_Full_ReturnsFalseAndKeepsContents()
    {
        LsmMemtable memtable = new(2048);
        ulong sequence = 0;
        while (memtable.TryAdd(++sequence, KeyKind.Set, TestKeys.Bytes($"key{sequence:D5}"), new byte[40]))
        {
        }

        int count = memtable.Count;
        int usage = memtable.ApproximateMemoryUsage;
        ulong largest = memtable.LargestSequence;

        Assert.False(memtable.TryAdd(sequence + 1, KeyKind.RangeDelete, TestKeys.Bytes("a"), new byte[2048]));
        Assert.Equal(count, memtable.Count);
        Assert.Equal(usage, memtable.ApproximateMemoryUsage);
        Assert.Equal(sequence - 1, largest);
        Assert.Equal(largest, memtable.LargestSequence);
        Assert.True(usage <= memtable.Capacity);
        Assert.Equal($"Set@{largest}:{new string('\0', 40)}", Latest(memtable, $"key{largest:D5}", ulong.MaxValue));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(16, 100)]
    [InlineData(1000, 3)]
    [InlineData(3, 5000)]
    public void EntryOverhead_IsEnoughForAnEmptyMemtable(int keyLength, int valueLength)
    {
        long needed = LsmMemtable.FixedOverhead + LsmMemtable.EntryOverhead(keyLength, valueLength);
        for (ulong seed = 0; seed < 64; seed++)
        {
            LsmMemtable memtable = new((int)needed, seed);
            Assert.True(memtable.TryAdd(1, KeyKind.Set, new byte[keyLength], new byte[valueLength]));
            Assert.True(memtable.ApproximateMemoryUsage <= needed);
        }

        Assert.True(LsmMemtable.EntryOverhead(keyLength, valueLength) >= keyLength + valueLength + InternalKey.TrailerSize);
    }

    [Fact]
    public void TryAdd_InvalidArguments_Throw()
    {
        LsmMemtable memtable = new(4096);

        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(
            () => memtable.TryAdd(SequenceNumber.Max + 1, KeyKind.Set, [], [])).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(
            () => memtable.TryAdd(1, KeyKind.Max, [], [])).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(
            () => memtable.TryAdd(1, (KeyKind)7, [], [])).Code);
        Add(memtable, 1, KeyKind.Set, "a", "x");
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(
            () => memtable.TryAdd(1, KeyKind.Set, TestKeys.Bytes("a"), [])).Code);
        Assert.Equal(1, memtable.Count);
        Assert.Equal(1UL, memtable.LargestSequence);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(LsmMemtable.FixedOverhead)]
    [InlineData(Arena.MaxCapacity + 1)]
    public void Constructor_CapacityOutOfRange_Throws(int capacity)
    {
        StorageException ex = Assert.Throws<StorageException>(() => new LsmMemtable(capacity));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public void WarmedMemtable_WritesAndReads_AllocateNothing()
    {
        LsmMemtable memtable = new(8 << 20, seed: 3);
        byte[] key = new byte[12];
        byte[] value = new byte[24];
        ulong sequence = 0;
        Cycle(1000);

        bool ok = true;
        long allocated = Allocations.FewestOfThree(() => ok &= Cycle(10_000));

        Assert.True(ok);
        Assert.Equal(0, allocated);
        Assert.Equal(31_000, memtable.Count);

        bool Cycle(int count)
        {
            bool all = true;
            for (int i = 0; i < count; i++)
            {
                sequence++;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key, sequence * 0x9E3779B97F4A7C15UL);
                KeyKind kind = sequence % 50 == 0 ? KeyKind.RangeDelete : sequence % 5 == 0 ? KeyKind.Delete : KeyKind.Set;
                all &= memtable.TryAdd(sequence, kind, key, value);
                all &= memtable.TryGetLatest(key, sequence, out _, out _) || kind == KeyKind.RangeDelete;
                all &= memtable.MaxCoveringRangeTombstoneSequence(key, sequence) <= sequence;
            }

            return all;
        }
    }

    [Fact]
    public void EntryOverhead_NegativeLength_Throws()
    {
        Assert.Throws<StorageException>(() => LsmMemtable.EntryOverhead(-1, 0));
        Assert.Throws<StorageException>(() => LsmMemtable.EntryOverhead(0, -1));
    }
}
