using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Sst;

[Trait("Category", "Unit")]
public sealed class SstWriterTests
{
    private static readonly byte[] s_empty = [];

    [Fact]
    public void Bounds_PointsOnly_AreFirstAndLastKeys()
    {
        SstWriteResult result = Write(
            [SstTestData.Key("b", 4, KeyKind.Set), SstTestData.Key("c", 9, KeyKind.Delete), SstTestData.Key("c", 2, KeyKind.Set)],
            []);
        Assert.Equal(SstTestData.Key("b", 4, KeyKind.Set), result.Smallest);
        Assert.Equal(SstTestData.Key("c", 2, KeyKind.Set), result.Largest);
        Assert.Equal(2UL, result.SmallestSequence);
        Assert.Equal(9UL, result.LargestSequence);
        Assert.Equal(3UL, result.EntryCount);
        Assert.Equal(1UL, result.DeletionCount);
    }

    [Fact]
    public void Bounds_TombstoneBelowAndAbove_ExtendToStartAndEndSentinel()
    {
        SstWriteResult result = Write([SstTestData.Key("c", 4, KeyKind.Set)], [("a", "z", 11)]);
        Assert.Equal(SstTestData.Key("a", 11, KeyKind.RangeDelete), result.Smallest);
        Assert.Equal(SstTestData.Key("z", SequenceNumber.Max, KeyKind.RangeDelete), result.Largest);
        Assert.Equal(4UL, result.SmallestSequence);
        Assert.Equal(11UL, result.LargestSequence);
        Assert.Equal(1UL, result.RangeDeletionCount);
    }

    [Fact]
    public void Bounds_TombstoneEndingAtLastPointKey_SentinelSortsBeforeIt()
    {
        // [a, d)#9 does not delete d: its sentinel d#MAX,RANGEDEL sorts before d#4, the real largest key.
        SstWriteResult result = Write([SstTestData.Key("b", 3, KeyKind.Set), SstTestData.Key("d", 4, KeyKind.Set)], [("a", "d", 9)]);
        Assert.Equal(SstTestData.Key("a", 9, KeyKind.RangeDelete), result.Smallest);
        Assert.Equal(SstTestData.Key("d", 4, KeyKind.Set), result.Largest);
        Assert.True(InternalKey.Compare(SstTestData.Key("d", SequenceNumber.Max, KeyKind.RangeDelete), result.Largest) < 0);
    }

    [Fact]
    public void Bounds_SameStartAsFirstPoint_OrdersBySequence()
    {
        SstWriteResult older = Write([SstTestData.Key("a", 8, KeyKind.Set)], [("a", "b", 5)]);
        Assert.Equal(SstTestData.Key("a", 8, KeyKind.Set), older.Smallest);
        SstWriteResult newer = Write([SstTestData.Key("a", 8, KeyKind.Set)], [("a", "b", 12)]);
        Assert.Equal(SstTestData.Key("a", 12, KeyKind.RangeDelete), newer.Smallest);
    }

    [Fact]
    public void Bounds_TombstonesOnly_SpanTheirRanges()
    {
        SstWriteResult result = Write([], [("m", "p", 3), ("c", "f", 7), ("e", "x", 2)]);
        Assert.Equal(SstTestData.Key("c", 7, KeyKind.RangeDelete), result.Smallest);
        Assert.Equal(SstTestData.Key("x", SequenceNumber.Max, KeyKind.RangeDelete), result.Largest);
        Assert.Equal(2UL, result.SmallestSequence);
        Assert.Equal(7UL, result.LargestSequence);
        Assert.Equal(0UL, result.EntryCount);
        Assert.False(result.IsEmpty);
    }

    [Fact]
    public void AddRangeTombstone_EmptyRangeDropped_SameStartAndSequenceMerged()
    {
        InMemoryTableFile file = new();
        using (SstWriter writer = new(file, SstWriterOptions.Default))
        {
            writer.AddRangeTombstone("b"u8, "b"u8, 4);
            writer.AddRangeTombstone("c"u8, "a"u8, 4);
            writer.AddRangeTombstone("k"u8, "m"u8, 6);
            writer.AddRangeTombstone("k"u8, "q"u8, 6);
            writer.AddRangeTombstone("k"u8, "n"u8, 6);
            writer.AddRangeTombstone("k"u8, "l"u8, 7);
            Assert.Equal(2UL, writer.Finish().RangeDeletionCount);
        }

        using SstReader reader = SstTestData.Open(file.ToArray());
        Assert.Equal(2, reader.RangeTombstones.Count);
        Assert.Equal("k"u8.ToArray(), reader.RangeTombstones[0].Start);
        Assert.Equal("l"u8.ToArray(), reader.RangeTombstones[0].End);
        Assert.Equal(7UL, reader.RangeTombstones[0].Sequence);
        Assert.Equal("q"u8.ToArray(), reader.RangeTombstones[1].End);
        Assert.True(reader.RangeTombstones[1].Covers("p"u8));
        Assert.False(reader.RangeTombstones[1].Covers("q"u8));
    }

    [Fact]
    public void Add_OutOfOrderOrEqualKey_IsInvalidArgument()
    {
        using SstWriter writer = new(new InMemoryTableFile(), SstWriterOptions.Default);
        writer.Add(SstTestData.Key("b", 5, KeyKind.Set), s_empty);
        AssertInvalid(() => writer.Add(SstTestData.Key("b", 5, KeyKind.Set), s_empty));
        AssertInvalid(() => writer.Add(SstTestData.Key("b", 6, KeyKind.Set), s_empty));
        AssertInvalid(() => writer.Add(SstTestData.Key("a", 1, KeyKind.Set), s_empty));
        writer.Add(SstTestData.Key("b", 4, KeyKind.Delete), s_empty);
    }

    [Fact]
    public void Add_RangeDeleteKindOrShortKey_IsInvalidArgument()
    {
        using SstWriter writer = new(new InMemoryTableFile(), SstWriterOptions.Default);
        AssertInvalid(() => writer.Add(SstTestData.Key("b", 5, KeyKind.RangeDelete), s_empty));
        AssertInvalid(() => writer.Add(SstTestData.Key("b", 5, KeyKind.Max), s_empty));
        AssertInvalid(() => writer.Add(new byte[7], s_empty));
        AssertInvalid(() => writer.AddRangeTombstone("a"u8, "b"u8, SequenceNumber.Max + 1));
    }

    [Fact]
    public void Add_AfterFinish_IsFailedPrecondition()
    {
        using SstWriter writer = new(new InMemoryTableFile(), SstWriterOptions.Default);
        writer.Finish();
        StorageException ex = Assert.Throws<StorageException>(() => writer.Add(SstTestData.Key("a", 1, KeyKind.Set), s_empty));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        Assert.Throws<StorageException>(() => writer.Finish());
    }

    [Fact]
    public void Create_OnNonEmptyFileOrWithBadOptions_IsInvalidArgument()
    {
        InMemoryTableFile file = new();
        file.Append([1]);
        AssertInvalid(() => new SstWriter(file, SstWriterOptions.Default).Dispose());
        AssertInvalid(() => new SstWriter(new InMemoryTableFile(), new SstWriterOptions { BlockRestartInterval = 0 }).Dispose());
        AssertInvalid(() => new SstWriter(new InMemoryTableFile(), new SstWriterOptions { BloomBitsPerKey = 33 }).Dispose());
    }

    [Fact]
    public void Finish_DoesNotSync_AndAppendsInLargeChunks()
    {
        InMemoryTableFile file = new();
        Random random = new(1);
        using (SstWriter writer = new(file, new SstWriterOptions { BlockSizeBytes = 1024 }))
        {
            for (int i = 0; i < 20_000; i++)
            {
                writer.Add(SstTestData.Key($"key{i:D8}", 1, KeyKind.Set), SstTestData.RandomBytes(random, 50, 100));
            }

            SstWriteResult result = writer.Finish();
            Assert.Equal(file.Length, result.FileSize);
            Assert.True(result.DataBlockCount > 1000);
        }

        Assert.Equal(0, file.SyncCount);
        Assert.InRange(file.AppendCount, 1, (file.Length / SstWriter.FlushThresholdBytes) + 2);
    }

    [Fact]
    public void Options_FromLsmOptions_CopiesTableSettings()
    {
        SstWriterOptions options = SstWriterOptions.From(new Engine.Lsm.Options.LsmOptions { BlockSizeBytes = 8192, BlockRestartInterval = 8, BloomBitsPerKey = 0 });
        Assert.Equal(new SstWriterOptions { BlockSizeBytes = 8192, BlockRestartInterval = 8, BloomBitsPerKey = 0 }, options);
    }

    private static SstWriteResult Write(byte[][] keys, (string Start, string End, ulong Sequence)[] tombstones)
    {
        byte[] bytes = SstTestData.Write(
            keys.Select(k => (k, s_empty)),
            tombstones.Select(t => (System.Text.Encoding.ASCII.GetBytes(t.Start), System.Text.Encoding.ASCII.GetBytes(t.End), t.Sequence)),
            SstWriterOptions.Default,
            out SstWriteResult result);
        using SstReader reader = SstTestData.Open(bytes);
        Assert.Equal(result.Properties, reader.Properties);
        return result;
    }

    private static void AssertInvalid(Action action) =>
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(action).Code);
}
