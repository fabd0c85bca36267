using Engine.Lsm.Batch;
using Engine.Lsm.Keys;
using Engine.Lsm.Options;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Batch;

[Trait("Category", "Unit")]
public sealed class WriteBatchTests
{
    [Fact]
    public void Data_PutWithSequence_MatchesDocumentedLayout()
    {
        using WriteBatch batch = new();
        batch.Put("a"u8, "bc"u8);
        batch.Delete("d"u8);
        batch.Sequence = 5;

        byte[] expected =
        [
            5, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
            1, 1, (byte)'a', 2, (byte)'b', (byte)'c',
            0, 1, (byte)'d',
        ];
        Assert.Equal(expected, batch.Data.ToArray());
        Assert.Equal(expected.Length, batch.ApproximateSize);
    }

    [Fact]
    public void Data_AllKinds_ReadBackInOrder()
    {
        using WriteBatch batch = new();
        batch.Put("k1"u8, "v1"u8);
        batch.Delete("k2"u8);
        batch.DeleteRange("a"u8, "b"u8);
        batch.Put("k3"u8, ReadOnlySpan<byte>.Empty);

        List<BatchOp> ops = BatchOp.ReadAll(batch.Data);

        Assert.Equal(4, batch.Count);
        Assert.Equal(
            [
                new BatchOp(KeyKind.Set, "k1", "v1"),
                new BatchOp(KeyKind.Delete, "k2", ""),
                new BatchOp(KeyKind.RangeDelete, "a", "b"),
                new BatchOp(KeyKind.Set, "k3", ""),
            ],
            ops);
    }

    [Fact]
    public void Put_LargeValues_RoundTrip()
    {
        byte[] large = new byte[3 << 20];
        new Random(3).NextBytes(large);
        byte[] maxKey = new byte[Defaults.MaxKeySizeBytes];
        maxKey[0] = 1;
        using WriteBatch batch = new();

        batch.Put(maxKey, large);
        batch.Put("x"u8, large.AsSpan(0, 70_000));

        BatchReader reader = new(batch.Data, "<test>", 0);
        Assert.True(reader.TryReadNext(out _, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value));
        Assert.True(key.SequenceEqual(maxKey));
        Assert.True(value.SequenceEqual(large));
        Assert.True(reader.TryReadNext(out _, out _, out value));
        Assert.True(value.SequenceEqual(large.AsSpan(0, 70_000)));
        Assert.False(reader.TryReadNext(out _, out _, out _));
    }

    [Fact]
    public void Clear_ResetsToEmptyHeaderAndBatchIsReusable()
    {
        using WriteBatch batch = new();
        batch.Put("k"u8, new byte[2 << 20]);
        batch.Sequence = 77;

        batch.Clear();

        Assert.Equal(0, batch.Count);
        Assert.True(batch.IsEmpty);
        Assert.Equal(0UL, batch.Sequence);
        Assert.Equal(new byte[WriteBatch.HeaderSize], batch.Data.ToArray());
        batch.Delete("z"u8);
        Assert.Equal([new BatchOp(KeyKind.Delete, "z", "")], BatchOp.ReadAll(batch.Data));
    }

    [Fact]
    public void Sequence_SetAndGet_RoundTripsThroughHeader()
    {
        using WriteBatch batch = new();
        batch.Put("k"u8, "v"u8);

        batch.Sequence = SequenceNumber.Max;

        Assert.Equal(SequenceNumber.Max, batch.Sequence);
        Assert.Equal(SequenceNumber.Max, new BatchReader(batch.Data, "<test>", 0).Sequence);
        AssertInvalidArgument(() => batch.Sequence = SequenceNumber.Max + 1, "sequence");
    }

    [Fact]
    public void Put_InvalidArguments_ThrowInvalidArgument()
    {
        using WriteBatch batch = new();
        byte[] longKey = new byte[Defaults.MaxKeySizeBytes + 1];
        byte[] longValue = GC.AllocateUninitializedArray<byte>(Defaults.MaxValueSizeBytes + 1);

        AssertInvalidArgument(() => batch.Put(ReadOnlySpan<byte>.Empty, "v"u8), "empty");
        AssertInvalidArgument(() => batch.Put(longKey, "v"u8), "at most");
        AssertInvalidArgument(() => batch.Put("k"u8, longValue), "value");
        AssertInvalidArgument(() => batch.Delete(ReadOnlySpan<byte>.Empty), "empty");
        AssertInvalidArgument(() => batch.Delete(longKey), "at most");
        AssertInvalidArgument(() => batch.DeleteRange(ReadOnlySpan<byte>.Empty, "b"u8), "range start");
        AssertInvalidArgument(() => batch.DeleteRange("a"u8, ReadOnlySpan<byte>.Empty), "range end");
        AssertInvalidArgument(() => batch.DeleteRange("b"u8, "b"u8), "start");
        AssertInvalidArgument(() => batch.DeleteRange("b"u8, "a"u8), "start");
        AssertInvalidArgument(() => batch.DeleteRange("ab"u8, "a"u8), "start");

        Assert.Equal(0, batch.Count);
        Assert.Equal(WriteBatch.HeaderSize, batch.ApproximateSize);
    }

    [Fact]
    public void Append_OtherBatch_ConcatenatesOperationsAndKeepsOwnSequence()
    {
        using WriteBatch first = new();
        using WriteBatch second = new();
        first.Put("a"u8, "1"u8);
        first.Sequence = 10;
        second.Delete("b"u8);
        second.DeleteRange("c"u8, "d"u8);
        second.Sequence = 99;

        first.Append(second);

        Assert.Equal(3, first.Count);
        Assert.Equal(10UL, first.Sequence);
        Assert.Equal(
            [
                new BatchOp(KeyKind.Set, "a", "1"),
                new BatchOp(KeyKind.Delete, "b", ""),
                new BatchOp(KeyKind.RangeDelete, "c", "d"),
            ],
            BatchOp.ReadAll(first.Data));
        Assert.Equal(2, second.Count);
        AssertInvalidArgument(() => first.Append(first), "itself");
    }

    [Fact]
    public void SetFromEncoded_ValidBytes_CopiesThem()
    {
        using WriteBatch source = new();
        source.Put("a"u8, "1"u8);
        source.Delete("b"u8);
        source.Sequence = 42;
        byte[] encoded = source.Data.ToArray();
        using WriteBatch target = new();
        target.Put("old"u8, "x"u8);

        target.SetFromEncoded(encoded);
        encoded[^1] = (byte)'z';

        Assert.Equal(2, target.Count);
        Assert.Equal(42UL, target.Sequence);
        Assert.True(target.Data.SequenceEqual(source.Data));
    }

    [Fact]
    public void SetFromEncoded_MalformedBytes_ThrowsCorruptionAndLeavesBatchEmpty()
    {
        using WriteBatch source = new();
        source.Put("a"u8, "1"u8);
        byte[] truncated = source.Data[..^1].ToArray();
        using WriteBatch target = new();
        target.Put("old"u8, "x"u8);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => target.SetFromEncoded(truncated, "000003.log", 4096));

        Assert.Equal("000003.log", ex.FilePath);
        Assert.Equal(4096, ex.Offset);
        Assert.True(target.IsEmpty);
        Assert.Equal(WriteBatch.HeaderSize, target.ApproximateSize);
    }

    [Fact]
    public void PutDeleteClear_AfterWarmUp_AllocateNothing()
    {
        using WriteBatch batch = new();
        byte[] key = new byte[16];
        byte[] value = new byte[100];
        for (int i = 0; i < 100; i++)
        {
            batch.Put(key, value);
            batch.Delete(key);
        }

        batch.Clear();
        // The runtime may allocate on this thread while it re-compiles hot methods (tiering), so the steady state
        // is the best of a few measured rounds.
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                batch.Put(key, value);
                batch.Delete(key);
                batch.DeleteRange("a"u8, "b"u8);
            }

            batch.Sequence = (ulong)round;
            batch.Clear();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    private static void AssertInvalidArgument(Action action, string messagePart)
    {
        StorageException ex = Assert.Throws<StorageException>(action);
        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(messagePart, ex.Message, StringComparison.Ordinal);
    }
}
