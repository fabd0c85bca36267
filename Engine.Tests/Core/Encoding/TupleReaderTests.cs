using System.Buffers;
using Engine.Core.Encoding;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Unit")]
public sealed class TupleReaderTests
{
    [Fact]
    public void TryReadNext_EdgeValues_DecodeToWhatWasWritten()
    {
        object?[] tuple =
        [
            0L, 1L, 127L, 128L, -1L, (long)int.MinValue, (long)int.MaxValue, long.MinValue, long.MaxValue, ulong.MaxValue,
            "", "\0", "a\0b", new byte[] { 0x00, 0xFF, 0x00 }, Array.Empty<byte>(), null, true, false,
            new object?[] { null, new object?[] { null, "\0" }, Array.Empty<object?>() },
        ];

        object?[] decoded = TupleModel.Decode(TupleModel.Encode(tuple));

        Assert.True(TupleModel.TuplesEqual(tuple, decoded), TupleModel.Show(decoded));
        Assert.Equal(tuple.Length, decoded.Length);
    }

    [Fact]
    public void CurrentEncoded_SlicesEachElementAndRemainingEncodedTheRest()
    {
        byte[] encoded = TupleModel.Encode(["a", 300L, new object?[] { null }]);
        TupleReader reader = new(encoded);

        Assert.True(reader.TryReadNext(out TupleElementKind kind));
        Assert.Equal(TupleElementKind.String, kind);
        Assert.Equal("026100", Convert.ToHexString(reader.CurrentEncoded));
        Assert.Equal("16012C0500FF00", Convert.ToHexString(reader.RemainingEncoded));
        Assert.True(reader.TryReadNext(out kind));
        Assert.Equal(TupleElementKind.Integer, kind);
        Assert.Equal("16012C", Convert.ToHexString(reader.CurrentEncoded));
        Assert.True(reader.TryReadNext(out kind));
        Assert.Equal(TupleElementKind.Nested, reader.Kind);
        Assert.Equal("0500FF00", Convert.ToHexString(reader.CurrentEncoded));
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.HasCurrent);
        Assert.Equal(encoded.Length, reader.Position);
    }

    [Fact]
    public void Bytes_WithoutZeros_AreContiguousAndWithZerosAreCopiedOut()
    {
        byte[] encoded = TupleModel.Encode([new byte[] { 1, 2, 3 }, new byte[] { 1, 0, 2 }]);
        TupleReader reader = new(encoded);

        reader.TryReadNext(out _);
        Assert.True(reader.TryGetContiguousBytes(out ReadOnlySpan<byte> contiguous));
        Assert.Equal(new byte[] { 1, 2, 3 }, contiguous.ToArray());

        reader.TryReadNext(out _);
        Assert.False(reader.TryGetContiguousBytes(out _));
        Assert.Equal(3, reader.GetByteCount());
        Span<byte> tooShort = stackalloc byte[2];
        Assert.False(reader.TryCopyBytesTo(tooShort, out int none));
        Assert.Equal(0, none);
        Span<byte> exact = stackalloc byte[3];
        Assert.True(reader.TryCopyBytesTo(exact, out int written));
        Assert.Equal(3, written);
        Assert.Equal(new byte[] { 1, 0, 2 }, exact.ToArray());
    }

    [Fact]
    public void String_CanBeReadAsUtf8Bytes()
    {
        TupleReader reader = new(TupleModel.Encode(["\u00E9\0"]));
        reader.TryReadNext(out _);
        ArrayBufferWriter<byte> utf8 = new();

        Assert.Equal(3, reader.CopyBytesTo(utf8));
        Assert.Equal(new byte[] { 0xC3, 0xA9, 0x00 }, utf8.WrittenSpan.ToArray());
        Assert.Equal("\u00E9\0", reader.GetString());
    }

    [Fact]
    public void Integers_OutOfRangeForRequestedType_TryGetFalseAndGetThrowsCorruption()
    {
        TupleReader reader = new(TupleModel.Encode([ulong.MaxValue, -1L]));

        reader.TryReadNext(out _);
        Assert.False(reader.TryGetInt64(out _));
        Assert.Equal(ulong.MaxValue, reader.GetUInt64());
        Assert.Equal(0, CorruptionOffset(TupleModel.Encode([ulong.MaxValue]), (ref TupleReader r) => r.GetInt64()));

        reader.TryReadNext(out _);
        Assert.False(reader.TryGetUInt64(out _));
        Assert.Equal(-1L, reader.GetInt64());
        Assert.Equal(0, CorruptionOffset(TupleModel.Encode([-1L]), (ref TupleReader r) => r.GetUInt64()));
    }

    [Fact]
    public void Getter_OfWrongKind_ThrowsCorruptionAtTheElement()
    {
        byte[] encoded = TupleModel.Encode([5L, "x"]);

        Assert.Equal(0, CorruptionOffset(encoded, (ref TupleReader r) => r.GetString()));
        Assert.Equal(0, CorruptionOffset(encoded, (ref TupleReader r) => r.GetBoolean()));
        Assert.Equal(0, CorruptionOffset(encoded, (ref TupleReader r) => r.GetByteCount()));
        Assert.Equal(0, CorruptionOffset(encoded, (ref TupleReader r) => r.GetNested()));
    }

    [Fact]
    public void Getter_BeforeTryReadNext_ThrowsFailedPrecondition()
    {
        byte[] encoded = TupleModel.Encode([5L]);

        StorageException ex = Assert.Throws<StorageException>(() =>
        {
            TupleReader reader = new(encoded);
            reader.GetInt64();
        });

        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        Assert.IsNotType<CorruptionException>(ex);
    }

    [Theory]
    [InlineData("03", 0, "unknown tuple type code 0x03")]
    [InlineData("FF", 0, "unknown tuple type code 0xFF")]
    [InlineData("00FF", 1, "unknown tuple type code 0xFF")]
    [InlineData("0161", 0, "unterminated byte string")]
    [InlineData("026100FF", 0, "unterminated byte string")]
    [InlineData("1601", 0, "truncated integer")]
    [InlineData("141C00", 1, "truncated integer")]
    [InlineData("1500", 0, "integer has a redundant leading byte")]
    [InlineData("13FF", 0, "integer has a redundant leading byte")]
    [InlineData("0C0000000000000000", 0, "integer is below Int64.MinValue")]
    [InlineData("0515", 1, "truncated integer")]
    [InlineData("0514", 0, "unterminated nested tuple")]
    [InlineData("050500", 0, "unterminated nested tuple")]
    [InlineData("050300", 1, "unknown tuple type code 0x03")]
    public void TryReadNext_MalformedInput_ThrowsCorruptionWithOffset(string hex, long offset, string reason)
    {
        byte[] encoded = Convert.FromHexString(hex);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => TupleModel.Decode(encoded));

        Assert.Equal("<tuple>", ex.FilePath);
        Assert.Equal(offset, ex.Offset);
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void GetString_InvalidUtf8InsideNestedTuple_ReportsOffsetInOutermostTuple()
    {
        byte[] encoded = Convert.FromHexString("1501" + "05" + "02C32800" + "00");

        CorruptionException ex = Assert.Throws<CorruptionException>(() => TupleModel.Decode(encoded));

        Assert.Equal(3, ex.Offset);
        Assert.Equal("tuple string is not valid UTF-8", ex.Reason);
    }

    [Fact]
    public void LongMinValue_Decodes()
    {
        TupleReader reader = new(Convert.FromHexString("0C7FFFFFFFFFFFFFFF"));
        reader.TryReadNext(out _);

        Assert.Equal(long.MinValue, reader.GetInt64());
    }

    [Fact]
    public void DeepNesting_IsReadWithoutRecursion()
    {
        const int Depth = 100_000;
        byte[] encoded = new byte[2 * Depth];
        encoded.AsSpan(0, Depth).Fill(TupleCodec.NestedCode);
        TupleReader reader = new(encoded);

        Assert.True(reader.TryReadNext(out TupleElementKind kind));
        Assert.Equal(TupleElementKind.Nested, kind);
        Assert.Equal(encoded.Length, reader.Position);
        Assert.Throws<CorruptionException>(() => new TupleReader(encoded.AsSpan(0, encoded.Length - 1)).TryReadNext(out _));
    }

    private static long CorruptionOffset(byte[] encoded, ReaderAction action)
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(() =>
        {
            TupleReader reader = new(encoded);
            reader.TryReadNext(out _);
            action(ref reader);
        });
        return ex.Offset;
    }

    private delegate void ReaderAction(ref TupleReader reader);
}
