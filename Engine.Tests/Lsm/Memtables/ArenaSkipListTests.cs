using System.Buffers.Binary;
using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Memtables;

[Trait("Category", "Unit")]
public sealed class ArenaSkipListTests
{
    [Fact]
    public void TryAdd_SameUserKeySeveralSequences_NewestFirst()
    {
        ArenaSkipList list = new(new Arena(4096), seed: 1);

        Add(list, "b", 5, KeyKind.Set, "b5");
        Add(list, "a", 3, KeyKind.Set, "a3");
        Add(list, "b", 9, KeyKind.Delete, "");
        Add(list, "b", 7, KeyKind.Set, "b7");
        Add(list, "c", 1, KeyKind.Set, "c1");
        Add(list, "a", 4, KeyKind.Set, "a4");

        Assert.Equal(["a@4#Set", "a@3#Set", "b@9#Delete", "b@7#Set", "b@5#Set", "c@1#Set"], Contents(list));
        Assert.Equal(6, list.Count);
    }

    [Fact]
    public void TryAdd_SameSequenceDifferentKinds_HigherKindFirst()
    {
        ArenaSkipList list = new(new Arena(4096), seed: 1);

        Add(list, "k", 5, KeyKind.Delete, "");
        Add(list, "k", 5, KeyKind.Set, "v");

        Assert.Equal(["k@5#Set", "k@5#Delete"], Contents(list));
    }

    [Fact]
    public void TryAdd_KeysAndValues_AreStoredIntact()
    {
        ArenaSkipList list = new(new Arena(1 << 16), seed: 2);
        byte[] bigValue = new byte[1000];
        new Random(3).NextBytes(bigValue);

        Assert.True(list.TryAdd(TestKeys.Bytes("big"), SequenceNumber.MakeTrailer(1, KeyKind.Set), bigValue));
        Assert.True(list.TryAdd([], SequenceNumber.MakeTrailer(2, KeyKind.Set), TestKeys.Bytes("empty key")));

        SkipListIterator it = new(list);
        Assert.True(it.First());
        Assert.Equal(0, it.UserKey.Length);
        Assert.Equal("empty key"u8.ToArray(), it.Value.ToArray());
        Assert.True(it.Next());
        Assert.Equal("big"u8.ToArray(), it.UserKey.ToArray());
        Assert.Equal(SequenceNumber.MakeTrailer(1, KeyKind.Set), it.Trailer);
        Assert.Equal(bigValue, it.Value.ToArray());
        Assert.False(it.Next());
    }

    [Fact]
    public void TryAdd_Descending_IteratesAscending()
    {
        ArenaSkipList list = new(new Arena(1 << 20), seed: 4);
        for (int i = 999; i >= 0; i--)
        {
            Assert.True(list.TryAdd(Key(i), SequenceNumber.MakeTrailer(1, KeyKind.Set), Key(i)));
        }

        SkipListIterator it = new(list);
        int expected = 0;
        for (bool ok = it.First(); ok; ok = it.Next())
        {
            Assert.Equal(expected, BinaryPrimitives.ReadInt32BigEndian(it.UserKey));
            expected++;
        }

        Assert.Equal(1000, expected);
    }

    [Fact]
    public void TryAdd_DuplicateInternalKey_ThrowsAndLeavesListIntact()
    {
        Arena arena = new(4096);
        ArenaSkipList list = new(arena, seed: 1);
        Add(list, "a", 1, KeyKind.Set, "x");
        Add(list, "b", 2, KeyKind.Set, "y");
        int size = arena.Size;

        // Once against the cached splice (the last insert) and once through a full search.
        StorageException last = Assert.Throws<StorageException>(() => Add(list, "b", 2, KeyKind.Set, "z"));
        StorageException earlier = Assert.Throws<StorageException>(() => Add(list, "a", 1, KeyKind.Set, "z"));

        Assert.Equal(StorageErrorCode.InvalidArgument, last.Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, earlier.Code);
        Assert.Equal(size, arena.Size);
        Assert.Equal(2, list.Count);
        Assert.Equal(["a@1#Set", "b@2#Set"], Contents(list));
        Add(list, "a", 2, KeyKind.Set, "ok");
        Assert.Equal(["a@2#Set", "a@1#Set", "b@2#Set"], Contents(list));
    }

    [Fact]
    public void TryAdd_ArenaFull_ReturnsFalseAndLeavesListIntact()
    {
        Arena arena = new(4096);
        ArenaSkipList list = new(arena, seed: 5);
        List<string> added = [];
        int i = 0;
        while (list.TryAdd(Key(i * 7919 % 1000), SequenceNumber.MakeTrailer((ulong)i + 1, KeyKind.Set), new byte[20]))
        {
            added.Add($"{i * 7919 % 1000}");
            i++;
        }

        int size = arena.Size;
        int count = list.Count;
        int bytesUsed = list.ArenaBytesUsed;
        Assert.False(list.TryAdd(Key(5000), SequenceNumber.MakeTrailer(10_000, KeyKind.Set), new byte[20]));
        Assert.False(list.TryAdd(Key(-1), SequenceNumber.MakeTrailer(10_001, KeyKind.Set), new byte[4096]));

        Assert.True(count > 10);
        Assert.Equal(added.Count, count);
        Assert.Equal(size, arena.Size);
        Assert.Equal(count, list.Count);
        Assert.Equal(bytesUsed, list.ArenaBytesUsed);
        Assert.True(arena.Capacity - size < ArenaSkipList.MaxNodeSize(4 + 8, 20));
        SkipListIterator it = new(list);
        List<int> seen = [];
        for (bool ok = it.First(); ok; ok = it.Next())
        {
            seen.Add(BinaryPrimitives.ReadInt32BigEndian(it.UserKey));
            Assert.Equal(20, it.Value.Length);
        }

        Assert.Equal(added.Select(int.Parse).Order(), seen);
    }

    [Fact]
    public void TryAdd_EntryLargerThanArena_ReturnsFalse()
    {
        ArenaSkipList list = new(new Arena(1024), seed: 1);

        Assert.False(list.TryAdd(new byte[2000], 1, []));
        Assert.False(list.TryAdd([], 1, new byte[2000]));

        Assert.Equal(0, list.Count);
        Assert.False(new SkipListIterator(list).First());
    }

    [Fact]
    public void ArenaBytesUsed_GrowsWithEntries_AndMatchesArenaWhenAlone()
    {
        Arena arena = new(1 << 16);
        ArenaSkipList list = new(arena, seed: 1);
        Assert.Equal(arena.Size - Arena.ReservedBytes, list.ArenaBytesUsed);
        Assert.True(list.ArenaBytesUsed <= ArenaSkipList.EmptyListSize);

        Add(list, "hello", 1, KeyKind.Set, "world");

        Assert.Equal(arena.Size - Arena.ReservedBytes, list.ArenaBytesUsed);
        Assert.True(list.ArenaBytesUsed > ArenaSkipList.NodeHeaderSize * 2 + 5 + 8 + 5);
    }

    [Fact]
    public void Constructor_ArenaTooSmallForHead_Throws()
    {
        StorageException ex = Assert.Throws<StorageException>(() => new ArenaSkipList(new Arena(32), seed: 1));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public void TryAdd_SameSeed_SameShape()
    {
        Arena first = new(1 << 20);
        Arena second = new(1 << 20);
        Arena other = new(1 << 20);
        ArenaSkipList a = new(first, seed: 42);
        ArenaSkipList b = new(second, seed: 42);
        ArenaSkipList c = new(other, seed: 43);

        for (int i = 0; i < 2000; i++)
        {
            Assert.True(a.TryAdd(Key(i), 1, []));
            Assert.True(b.TryAdd(Key(i), 1, []));
            Assert.True(c.TryAdd(Key(i), 1, []));
        }

        // Tower heights decide node sizes, so equal seeds give equal sizes; these two seeds give different ones.
        Assert.Equal(first.Size, second.Size);
        Assert.NotEqual(first.Size, other.Size);
    }

    [Fact]
    public void TryAdd_WarmedList_AllocatesNothing()
    {
        ArenaSkipList list = new(new Arena(8 << 20), seed: 7);
        byte[] key = new byte[16];
        byte[] value = new byte[32];
        uint x = 12345;
        for (int i = 0; i < 1000; i++)
        {
            x = (x * 1664525) + 1013904223;
            BinaryPrimitives.WriteUInt32BigEndian(key, x);
            Assert.True(list.TryAdd(key, SequenceNumber.MakeTrailer((ulong)i + 1, KeyKind.Set), value));
        }

        // Three measured rounds: a per-call allocation shows in every round, while the runtime's own one-off
        // allocations on this thread (tier-up, on-stack replacement of the loop) show in one at most.
        bool allAdded = true;
        long fewest = long.MaxValue;
        int next = 1000;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int end = next + 10_000; next < end; next++)
            {
                x = (x * 1664525) + 1013904223;
                BinaryPrimitives.WriteUInt32BigEndian(key, x);
                BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(4), next);
                allAdded &= list.TryAdd(key, SequenceNumber.MakeTrailer((ulong)next + 1, KeyKind.Set), value);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(allAdded);
        Assert.Equal(0, fewest);
        Assert.Equal(31_000, list.Count);
    }

    internal static byte[] Key(int i)
    {
        byte[] key = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(key, i);
        return key;
    }

    internal static List<string> Contents(ArenaSkipList list)
    {
        List<string> result = [];
        SkipListIterator it = new(list);
        for (bool ok = it.First(); ok; ok = it.Next())
        {
            result.Add(TestKeys.Describe(it.Key));
        }

        return result;
    }

    private static void Add(ArenaSkipList list, string userKey, ulong sequence, KeyKind kind, string value) =>
        Assert.True(list.TryAdd(TestKeys.Bytes(userKey), SequenceNumber.MakeTrailer(sequence, kind), TestKeys.Bytes(value)));
}
