using CsCheck;
using Engine.Lsm.Batch;
using Engine.Lsm.Keys;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Batch;

[Trait("Category", "Unit")]
public sealed class BatchReaderTests(ITestOutputHelper output)
{
    private const string WalPath = "000012.log";
    private const long RecordOffset = 70_000;

    [Fact]
    public void Validate_EmptyBatch_ReturnsZero()
    {
        Assert.Equal(0, BatchReader.Validate(new byte[WriteBatch.HeaderSize], WalPath, RecordOffset));
    }

    [Fact]
    public void Validate_TruncatedAtEveryPoint_ThrowsCorruptionNamingCaller()
    {
        byte[] encoded = Encode(
            new BatchOp(KeyKind.Set, "key", "value"),
            new BatchOp(KeyKind.Delete, "gone", ""),
            new BatchOp(KeyKind.RangeDelete, "a", "m"),
            new BatchOp(KeyKind.Set, "big", new string('x', 300)));
        Assert.Equal(4, BatchReader.Validate(encoded, WalPath, RecordOffset));

        for (int length = 0; length < encoded.Length; length++)
        {
            byte[] prefix = encoded[..length];

            CorruptionException ex = Assert.Throws<CorruptionException>(() => BatchReader.Validate(prefix, WalPath, RecordOffset));

            Assert.Equal(WalPath, ex.FilePath);
            Assert.Equal(RecordOffset, ex.Offset);
        }
    }

    [Fact]
    public void Validate_CountAboveOperationsPresent_ThrowsCorruption()
    {
        byte[] encoded = Encode(new BatchOp(KeyKind.Set, "k", "v"), new BatchOp(KeyKind.Delete, "d", ""));
        encoded[8] = 3;

        CorruptionException ex = Assert.Throws<CorruptionException>(() => BatchReader.Validate(encoded, WalPath, RecordOffset));

        Assert.Contains("only 2 operations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ImpossiblyLargeCount_ThrowsCorruption()
    {
        byte[] encoded = Encode(new BatchOp(KeyKind.Set, "k", "v"));
        encoded[11] = 0x80;

        CorruptionException ex = Assert.Throws<CorruptionException>(() => BatchReader.Validate(encoded, WalPath, RecordOffset));

        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CountBelowOperationsPresent_ThrowsTrailingBytes()
    {
        byte[] encoded = Encode(new BatchOp(KeyKind.Set, "k", "v"), new BatchOp(KeyKind.Delete, "d", ""));
        encoded[8] = 1;

        CorruptionException ex = Assert.Throws<CorruptionException>(() => BatchReader.Validate(encoded, WalPath, RecordOffset));

        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0x7F)]
    [InlineData(0xFF)]
    public void Validate_UnknownKind_ThrowsCorruption(byte kind)
    {
        byte[] encoded = Encode(new BatchOp(KeyKind.Set, "k", "v"), new BatchOp(KeyKind.Set, "k2", "v2"));
        encoded[WriteBatch.HeaderSize + 5] = kind;

        CorruptionException ex = Assert.Throws<CorruptionException>(() => BatchReader.Validate(encoded, WalPath, RecordOffset));

        Assert.Contains($"unknown operation kind {kind}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 17", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyKeyOrBackwardRange_ThrowsCorruption()
    {
        byte[] emptyKey = [.. new byte[8], 1, 0, 0, 0, (byte)KeyKind.Delete, 0];
        byte[] backwardRange = [.. new byte[8], 1, 0, 0, 0, (byte)KeyKind.RangeDelete, 1, (byte)'b', 1, (byte)'a'];

        Assert.Throws<CorruptionException>(() => BatchReader.Validate(emptyKey, WalPath, RecordOffset));
        Assert.Throws<CorruptionException>(() => BatchReader.Validate(backwardRange, WalPath, RecordOffset));
    }

    [Fact]
    public void TryReadNext_AfterLastOperation_KeepsReturningFalse()
    {
        byte[] encoded = Encode(new BatchOp(KeyKind.Delete, "k", ""));
        BatchReader reader = new(encoded, WalPath, RecordOffset);

        Assert.True(reader.TryReadNext(out KeyKind kind, out _, out ReadOnlySpan<byte> value));
        Assert.Equal(KeyKind.Delete, kind);
        Assert.True(value.IsEmpty);
        Assert.False(reader.TryReadNext(out _, out _, out _));
        Assert.False(reader.TryReadNext(out _, out _, out _));
        Assert.Equal(1, reader.ReadCount);
    }

    [Fact]
    public void Validate_RandomlyDamagedBatches_OnlyEverThrowCorruption()
    {
        int seed = TestSeed.Get(output, nameof(Validate_RandomlyDamagedBatches_OnlyEverThrowCorruption));
        Random rng = new(seed);
        int corrupt = 0;
        for (int round = 0; round < 3000; round++)
        {
            using WriteBatch batch = new();
            for (int i = rng.Next(0, 6); i > 0; i--)
            {
                byte[] key = new byte[rng.Next(1, 200)];
                byte[] value = new byte[rng.Next(0, 300)];
                rng.NextBytes(key);
                rng.NextBytes(value);
                batch.Put(key, value);
            }

            byte[] damaged = batch.Data.ToArray();
            for (int flips = rng.Next(1, 4); flips > 0; flips--)
            {
                damaged[rng.Next(damaged.Length)] ^= (byte)(1 << rng.Next(8));
            }

            try
            {
                BatchReader.Validate(damaged, WalPath, RecordOffset);
            }
            catch (CorruptionException)
            {
                corrupt++;
            }
        }

        Assert.True(corrupt > 0);
    }

    [Fact]
    public void EncodeDecode_RandomOperationLists_RoundTrip()
    {
        Gen<byte[]> bytes = Gen.Byte.Array;
        Gen<byte[]> keys = bytes.Where(k => k.Length > 0);
        Gen<BatchOp> point = Gen.Select(
            Gen.OneOf(KeyKind.Set, KeyKind.Delete),
            keys,
            bytes,
            (kind, key, value) => new BatchOp(kind, key, kind == KeyKind.Set ? value : []));
        Gen<BatchOp> range = Gen.Select(keys, keys).Where(t => !t.Item1.AsSpan().SequenceEqual(t.Item2)).Select(t =>
            t.Item1.AsSpan().SequenceCompareTo(t.Item2) < 0
                ? new BatchOp(KeyKind.RangeDelete, t.Item1, t.Item2)
                : new BatchOp(KeyKind.RangeDelete, t.Item2, t.Item1));
        Gen<BatchOp[]> lists = Gen.Frequency<BatchOp>((3, point), (1, range)).Array;

        using WriteBatch batch = new();
        lists.Sample(output, ops =>
        {
            batch.Clear();
            foreach (BatchOp op in ops)
            {
                op.AddTo(batch);
            }

            batch.Sequence = (ulong)ops.Length * 1000;
            BatchReader reader = new(batch.Data, WalPath, RecordOffset);
            return reader.Sequence == (ulong)ops.Length * 1000
                && reader.Count == ops.Length
                && BatchOp.ReadAll(batch.Data).SequenceEqual(ops);
        }, iter: 500);
    }

    private static byte[] Encode(params BatchOp[] ops)
    {
        using WriteBatch batch = new();
        foreach (BatchOp op in ops)
        {
            op.AddTo(batch);
        }

        return batch.Data.ToArray();
    }
}
