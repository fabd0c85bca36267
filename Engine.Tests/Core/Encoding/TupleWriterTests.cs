using System.Buffers;
using Engine.Core.Buffers;
using Engine.Core.Encoding;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Unit")]
public sealed class TupleWriterTests
{
    [Theory]
    [InlineData(0L, "14")]
    [InlineData(1L, "1501")]
    [InlineData(127L, "157F")]
    [InlineData(128L, "1580")]
    [InlineData(255L, "15FF")]
    [InlineData(256L, "160100")]
    [InlineData(300L, "16012C")]
    [InlineData(-1L, "13FE")]
    [InlineData(-255L, "1300")]
    [InlineData(-256L, "12FEFF")]
    [InlineData(int.MaxValue, "187FFFFFFF")]
    [InlineData(int.MinValue, "107FFFFFFF")]
    [InlineData(long.MaxValue, "1C7FFFFFFFFFFFFFFF")]
    [InlineData(long.MinValue, "0C7FFFFFFFFFFFFFFF")]
    public void AppendInt64_EdgeValues_MatchTable(long value, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex((ref TupleWriter w) => w.AppendInt64(value)));
    }

    [Fact]
    public void AppendUInt64_SharesTheInt64Encoding()
    {
        Assert.Equal("1CFFFFFFFFFFFFFFFF", Hex((ref TupleWriter w) => w.AppendUInt64(ulong.MaxValue)));
        Assert.Equal("1C8000000000000000", Hex((ref TupleWriter w) => w.AppendUInt64((ulong)long.MaxValue + 1)));
        Assert.Equal(Hex((ref TupleWriter w) => w.AppendInt64(5)), Hex((ref TupleWriter w) => w.AppendUInt64(5)));
        Assert.Equal("14", Hex((ref TupleWriter w) => w.AppendUInt64(0)));
    }

    [Fact]
    public void StringsAndBytes_EscapeZeroAndTerminate()
    {
        Assert.Equal("0200", Hex((ref TupleWriter w) => w.AppendString("")));
        Assert.Equal("0200FF00", Hex((ref TupleWriter w) => w.AppendString("\0")));
        Assert.Equal("026100FF6200", Hex((ref TupleWriter w) => w.AppendString("a\0b")));
        Assert.Equal("0200FF00FF00", Hex((ref TupleWriter w) => w.AppendString("\0\0")));
        Assert.Equal("02C3A900", Hex((ref TupleWriter w) => w.AppendString("\u00E9")));
        Assert.Equal("02F09F988000", Hex((ref TupleWriter w) => w.AppendString("\U0001F600")));
        Assert.Equal("0100", Hex((ref TupleWriter w) => w.AppendBytes([])));
        Assert.Equal("0100FFFF00", Hex((ref TupleWriter w) => w.AppendBytes([0x00, 0xFF])));
        Assert.Equal("0261626300", Hex((ref TupleWriter w) => w.AppendUtf8String("abc"u8)));
        Assert.Equal(Hex((ref TupleWriter w) => w.AppendString("x\0y\u4E2D")), Hex((ref TupleWriter w) => w.AppendUtf8String("x\0y\u4E2D"u8)));
    }

    [Fact]
    public void NullBoolAndNested_MatchTable()
    {
        Assert.Equal("00", Hex((ref TupleWriter w) => w.AppendNull()));
        Assert.Equal("26", Hex((ref TupleWriter w) => w.AppendBool(false)));
        Assert.Equal("27", Hex((ref TupleWriter w) => w.AppendBool(true)));
        Assert.Equal("0500", Hex((ref TupleWriter w) =>
        {
            w.BeginNested();
            w.EndNested();
        }));
        Assert.Equal("0502780000FF0000", Hex((ref TupleWriter w) =>
        {
            w.BeginNested();
            w.AppendString("x");
            w.AppendNull();
            w.EndNested();
            w.AppendNull();
        }));
        Assert.Equal("05050000FF00", Hex((ref TupleWriter w) =>
        {
            w.BeginNested();
            w.BeginNested();
            w.EndNested();
            w.AppendNull();
            w.EndNested();
        }));
    }

    [Fact]
    public void Depth_TracksOpenNestedTuples()
    {
        ArrayBufferWriter<byte> output = new();
        TupleWriter writer = new(output);

        writer.BeginNested();
        writer.BeginNested();
        Assert.Equal(2, writer.Depth);
        writer.EndNested();
        writer.EndNested();

        Assert.Equal(0, writer.Depth);
    }

    [Fact]
    public void EndNested_WithoutBegin_ThrowsFailedPrecondition()
    {
        StorageException ex = Assert.Throws<StorageException>(() => Hex((ref TupleWriter w) => w.EndNested()));

        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
    }

    [Fact]
    public void AppendString_UnpairedSurrogate_ThrowsInvalidArgumentAndWritesNothing()
    {
        ArrayBufferWriter<byte> output = new();

        StorageException ex = Assert.Throws<StorageException>(() => new TupleWriter(output).AppendString("a\uD800b"));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void AppendUtf8String_InvalidUtf8_ThrowsInvalidArgumentAndWritesNothing()
    {
        ArrayBufferWriter<byte> output = new();

        StorageException ex = Assert.Throws<StorageException>(() => new TupleWriter(output).AppendUtf8String([0xC3, 0x28]));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Writer_IntoPooledBufferWriter_ProducesCompositeKey()
    {
        using PooledBufferWriter output = new();
        TupleWriter writer = new(output);
        writer.AppendString("users");
        writer.AppendInt64(42);
        writer.AppendBytes([0x00]);

        Assert.Equal("02757365727300152A0100FF00", Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void WriteAndRead_IntoWarmWriter_DoNotAllocate()
    {
        using PooledBufferWriter output = new(1024);
        WriteAndReadKey(output);
        output.Clear();

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = WriteAndReadKey(output);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(42 + 3, sum);
        Assert.Equal(before, after);
    }

    private static long WriteAndReadKey(PooledBufferWriter output)
    {
        TupleWriter writer = new(output);
        writer.AppendString("users\0by-id");
        writer.AppendInt64(42);
        writer.BeginNested();
        writer.AppendBytes([1, 0, 2]);
        writer.AppendNull();
        writer.EndNested();

        TupleReader reader = new(output.WrittenSpan);
        reader.TryReadNext(out _);
        reader.TryReadNext(out _);
        long sum = reader.GetInt64();
        reader.TryReadNext(out _);
        TupleReader nested = reader.GetNested();
        nested.TryReadNext(out _);
        Span<byte> scratch = stackalloc byte[8];
        nested.TryCopyBytesTo(scratch, out int length);
        return sum + length;
    }

    private static string Hex(WriterAction action)
    {
        ArrayBufferWriter<byte> output = new();
        TupleWriter writer = new(output);
        action(ref writer);
        return Convert.ToHexString(output.WrittenSpan);
    }

    private delegate void WriterAction(ref TupleWriter writer);
}
