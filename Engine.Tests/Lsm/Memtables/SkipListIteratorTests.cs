using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Memtables;

[Trait("Category", "Unit")]
public sealed class SkipListIteratorTests
{
    // Contents, in order: b@9 b@5 d@3 f@7 f@2.
    private static SkipListIterator Sample()
    {
        ArenaSkipList list = new(new Arena(4096), seed: 11);
        foreach ((string key, ulong seq) in new[] { ("d", 3UL), ("f", 2UL), ("b", 5UL), ("f", 7UL), ("b", 9UL) })
        {
            Assert.True(list.TryAdd(TestKeys.Bytes(key), SequenceNumber.MakeTrailer(seq, KeyKind.Set), TestKeys.Bytes($"{key}{seq}")));
        }

        return new SkipListIterator(list);
    }

    private static string At(SkipListIterator it) => it.Valid ? TestKeys.Describe(it.Key) : "<invalid>";

    [Fact]
    public void EmptyList_EveryPositioning_IsInvalid()
    {
        SkipListIterator it = new(new ArenaSkipList(new Arena(1024), seed: 1));

        Assert.False(it.First());
        Assert.False(it.Last());
        Assert.False(it.SeekGE(TestKeys.Internal("a", 1, KeyKind.Set)));
        Assert.False(it.SeekLT(TestKeys.Internal("a", 1, KeyKind.Set)));
        Assert.False(it.SeekGE([], ulong.MaxValue));
        Assert.False(it.SeekLT([0xFF, 0xFF], 0));
        Assert.False(it.Next());
        Assert.False(it.Prev());
        Assert.False(it.Valid);
        Assert.True(it.Key.IsEmpty);
        Assert.True(it.UserKey.IsEmpty);
        Assert.True(it.Value.IsEmpty);
        Assert.Equal(0UL, it.Trailer);
    }

    [Fact]
    public void FirstAndLast_LandOnEnds()
    {
        SkipListIterator it = Sample();

        Assert.True(it.First());
        Assert.Equal("b@9#Set", At(it));
        Assert.Equal("b9"u8.ToArray(), it.Value.ToArray());
        Assert.True(it.Last());
        Assert.Equal("f@2#Set", At(it));
        Assert.Equal("f2"u8.ToArray(), it.Value.ToArray());
    }

    [Fact]
    public void NextAndPrev_WalkBothWays_AndStopAtEnds()
    {
        SkipListIterator it = Sample();
        string[] expected = ["b@9#Set", "b@5#Set", "d@3#Set", "f@7#Set", "f@2#Set"];

        List<string> forward = [];
        for (bool ok = it.First(); ok; ok = it.Next())
        {
            forward.Add(At(it));
        }

        List<string> backward = [];
        for (bool ok = it.Last(); ok; ok = it.Prev())
        {
            backward.Add(At(it));
        }

        Assert.Equal(expected, forward);
        Assert.Equal(expected.Reverse(), backward);
        Assert.False(it.Next());
        Assert.False(it.Valid);
    }

    [Fact]
    public void PrevFromFirst_AndNextFromLast_BecomeInvalid()
    {
        SkipListIterator it = Sample();

        it.First();
        Assert.False(it.Prev());
        Assert.False(it.Valid);

        it.Last();
        Assert.False(it.Next());
        Assert.False(it.Prev());
    }

    [Theory]
    [InlineData("a", 1UL, "b@9#Set")]
    [InlineData("b", 9UL, "b@9#Set")]
    [InlineData("b", 10UL, "b@9#Set")]
    [InlineData("b", 8UL, "b@5#Set")]
    [InlineData("b", 5UL, "b@5#Set")]
    [InlineData("b", 4UL, "d@3#Set")]
    [InlineData("c", 100UL, "d@3#Set")]
    [InlineData("f", 2UL, "f@2#Set")]
    [InlineData("f", 1UL, "<invalid>")]
    [InlineData("g", 100UL, "<invalid>")]
    public void SeekGE_LandsOnFirstEntryAtOrAfter(string userKey, ulong sequence, string expected)
    {
        SkipListIterator it = Sample();

        it.SeekGE(TestKeys.Internal(userKey, sequence, KeyKind.Set));
        string byInternalKey = At(it);
        it.SeekGE(TestKeys.Bytes(userKey), SequenceNumber.MakeTrailer(sequence, KeyKind.Set));

        Assert.Equal(expected, byInternalKey);
        Assert.Equal(expected, At(it));
    }

    [Theory]
    [InlineData("a", 1UL, "<invalid>")]
    [InlineData("b", 9UL, "<invalid>")]
    [InlineData("b", 8UL, "b@9#Set")]
    [InlineData("b", 5UL, "b@9#Set")]
    [InlineData("b", 4UL, "b@5#Set")]
    [InlineData("d", 3UL, "b@5#Set")]
    [InlineData("e", 100UL, "d@3#Set")]
    [InlineData("f", 2UL, "f@7#Set")]
    [InlineData("f", 1UL, "f@2#Set")]
    [InlineData("zz", 1UL, "f@2#Set")]
    public void SeekLT_LandsOnLastEntryBefore(string userKey, ulong sequence, string expected)
    {
        SkipListIterator it = Sample();

        it.SeekLT(TestKeys.Internal(userKey, sequence, KeyKind.Set));
        string byInternalKey = At(it);
        it.SeekLT(TestKeys.Bytes(userKey), SequenceNumber.MakeTrailer(sequence, KeyKind.Set));

        Assert.Equal(expected, byInternalKey);
        Assert.Equal(expected, At(it));
    }

    [Fact]
    public void SeekGE_ThenPrev_ReachesPredecessor()
    {
        SkipListIterator it = Sample();

        Assert.True(it.SeekGE(TestKeys.Internal("d", 3, KeyKind.Set)));
        Assert.True(it.Prev());
        Assert.Equal("b@5#Set", At(it));
        Assert.True(it.Next());
        Assert.True(it.Next());
        Assert.Equal("f@7#Set", At(it));
    }

    [Fact]
    public void Spans_StayValidAfterMovingOn()
    {
        SkipListIterator it = Sample();
        it.First();
        ReadOnlySpan<byte> firstValue = it.Value;

        it.Last();

        Assert.Equal("b9"u8.ToArray(), firstValue.ToArray());
    }

    [Fact]
    public void Iterator_SeesEntriesAddedAfterItWasCreated()
    {
        ArenaSkipList list = new(new Arena(4096), seed: 3);
        SkipListIterator it = new(list);
        Assert.False(it.First());

        Assert.True(list.TryAdd(TestKeys.Bytes("m"), SequenceNumber.MakeTrailer(1, KeyKind.Set), []));
        Assert.True(it.First());
        Assert.True(list.TryAdd(TestKeys.Bytes("a"), SequenceNumber.MakeTrailer(2, KeyKind.Set), []));
        Assert.True(list.TryAdd(TestKeys.Bytes("z"), SequenceNumber.MakeTrailer(3, KeyKind.Set), []));

        Assert.True(it.Prev());
        Assert.Equal("a@2#Set", At(it));
        Assert.True(it.Next());
        Assert.True(it.Next());
        Assert.Equal("z@3#Set", At(it));
    }

    [Fact]
    public void SeekWithShortInternalKey_Throws()
    {
        SkipListIterator it = Sample();

        StorageException ge = Assert.Throws<StorageException>(() => it.SeekGE(new byte[7]));
        StorageException lt = Assert.Throws<StorageException>(() => it.SeekLT(new byte[3]));

        Assert.Equal(StorageErrorCode.InvalidArgument, ge.Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, lt.Code);
    }
}
