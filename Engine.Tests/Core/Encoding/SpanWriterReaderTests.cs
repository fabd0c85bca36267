using CsCheck;
using Engine.Core.Buffers;
using Engine.Core.Encoding;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Unit")]
public sealed class SpanWriterReaderTests(ITestOutputHelper output)
{
    [Fact]
    public void Writer_MixedFields_ReaderReadsThemBack()
    {
        byte[] buffer = new byte[64];
        SpanWriter writer = new(buffer);
        writer.WriteByte(0x7E);
        writer.WriteVarint32(300);
        writer.WriteVarint64(ulong.MaxValue);
        writer.WriteFixed16(0xBEEF);
        writer.WriteFixed32(0xDEADBEEF);
        writer.WriteFixed64(0x0102030405060708);
        writer.WriteLengthPrefixed("abc"u8);
        writer.WriteBytes([9, 8]);
        int written = writer.Position;

        SpanReader reader = new(buffer.AsSpan(0, written));

        Assert.True(reader.TryReadByte(out byte b) && b == 0x7E);
        Assert.True(reader.TryReadVarint32(out uint v32) && v32 == 300);
        Assert.True(reader.TryReadVarint64(out ulong v64) && v64 == ulong.MaxValue);
        Assert.True(reader.TryReadFixed16(out ushort f16) && f16 == 0xBEEF);
        Assert.True(reader.TryReadFixed32(out uint f32) && f32 == 0xDEADBEEF);
        Assert.True(reader.TryReadFixed64(out ulong f64) && f64 == 0x0102030405060708);
        Assert.True(reader.TryReadLengthPrefixed(out ReadOnlySpan<byte> slice));
        Assert.True(slice.SequenceEqual("abc"u8));
        Assert.True(reader.TryReadBytes(2, out ReadOnlySpan<byte> tail));
        Assert.True(tail.SequenceEqual(new byte[] { 9, 8 }));
        Assert.True(reader.IsEmpty);
        Assert.Equal(written, reader.Position);
        Assert.False(reader.TryReadByte(out _));
    }

    [Fact]
    public void Writer_FixedFields_AreLittleEndian()
    {
        byte[] buffer = new byte[4];
        SpanWriter writer = new(buffer);

        writer.WriteFixed32(0x11223344);

        Assert.Equal(new byte[] { 0x44, 0x33, 0x22, 0x11 }, buffer);
        Assert.Equal(0, writer.Remaining);
    }

    [Fact]
    public void Writer_OutOfSpace_ThrowsInvalidArgumentAndKeepsPosition()
    {
        byte[] buffer = new byte[6];
        SpanWriter writer = new(buffer);
        writer.WriteFixed32(1);

        AssertOutOfSpace(buffer, 4, (ref SpanWriter w) => w.WriteFixed64(1));
        AssertOutOfSpace(buffer, 4, (ref SpanWriter w) => w.WriteLengthPrefixed("ab"u8));
        AssertOutOfSpace(buffer, 6, (ref SpanWriter w) => w.WriteByte(1));
        AssertOutOfSpace(buffer, 5, (ref SpanWriter w) => w.WriteVarint32(128));
        AssertOutOfSpace(buffer, 0, (ref SpanWriter w) => w.Reserve(7));
        AssertOutOfSpace(buffer, 0, (ref SpanWriter w) => w.WriteBytes(new byte[7]));

        writer.WriteLengthPrefixed("a"u8);
        Assert.Equal(6, writer.Position);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 1, (byte)'a' }, buffer);
    }

    [Fact]
    public void Writer_Reserve_ReturnsSpanToFillLater()
    {
        byte[] buffer = new byte[8];
        SpanWriter writer = new(buffer);

        Span<byte> header = writer.Reserve(4);
        writer.WriteFixed32(7);
        Fixed.WriteUInt32LittleEndian(header, 0xAABBCCDD);

        Assert.Equal(new byte[] { 0xDD, 0xCC, 0xBB, 0xAA, 7, 0, 0, 0 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Reader_Truncated_ReturnsFalseAndDoesNotMove()
    {
        SpanReader reader = new([1, 2, 3]);
        Assert.True(reader.TryReadByte(out _));

        Assert.False(reader.TryReadFixed32(out uint f32));
        Assert.False(reader.TryReadFixed64(out _));
        Assert.False(reader.TryReadBytes(3, out _));
        Assert.False(reader.TryReadBytes(-1, out _));
        Assert.False(reader.TrySkip(5));
        Assert.Equal(0u, f32);
        Assert.Equal(1, reader.Position);
        Assert.True(reader.TryReadFixed16(out ushort f16));
        Assert.Equal(0x0302, f16);
        Assert.False(reader.TryReadFixed16(out _));
    }

    [Fact]
    public void Reader_MalformedVarint_ReturnsFalseAndDoesNotMove()
    {
        SpanReader reader = new([0x80, 0x80]);

        Assert.False(reader.TryReadVarint32(out _));
        Assert.False(reader.TryReadVarint64(out _));
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Reader_LengthPrefixLargerThanRemaining_ReturnsFalseWithoutMoving()
    {
        byte[] input = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2];
        SpanReader reader = new(input);

        Assert.False(reader.TryReadLengthPrefixed(out ReadOnlySpan<byte> value));
        Assert.True(value.IsEmpty);
        Assert.Equal(0, reader.Position);

        SpanReader oneShort = new([3, 1, 2]);
        Assert.False(oneShort.TryReadLengthPrefixed(out _));
        Assert.Equal(3, oneShort.Remaining);
    }

    [Fact]
    public void BufferWriterExtensions_ProduceSameBytesAsSpanWriter()
    {
        using PooledBufferWriter pooled = new();
        pooled.WriteVarint32(300);
        pooled.WriteVarint64(1UL << 40);
        pooled.WriteFixed16(0xBEEF);
        pooled.WriteFixed32(0xDEADBEEF);
        pooled.WriteFixed64(42);
        pooled.WriteLengthPrefixed("hello"u8);

        byte[] buffer = new byte[64];
        SpanWriter writer = new(buffer);
        writer.WriteVarint32(300);
        writer.WriteVarint64(1UL << 40);
        writer.WriteFixed16(0xBEEF);
        writer.WriteFixed32(0xDEADBEEF);
        writer.WriteFixed64(42);
        writer.WriteLengthPrefixed("hello"u8);

        Assert.Equal(writer.WrittenSpan.ToArray(), pooled.WrittenSpan.ToArray());
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void LengthPrefixed_RandomSlices_RoundTripThroughPooledWriterAndReader()
    {
        Gen<byte[][]> slices = Gen.Byte.Array.Array;
        slices.Sample(output, values =>
        {
            using PooledBufferWriter pooled = new(16);
            foreach (byte[] value in values)
            {
                pooled.WriteLengthPrefixed(value);
            }

            SpanReader reader = new(pooled.WrittenSpan);
            foreach (byte[] value in values)
            {
                if (!reader.TryReadLengthPrefixed(out ReadOnlySpan<byte> read) || !read.SequenceEqual(value))
                {
                    return false;
                }
            }

            // Every proper prefix of the last record must be rejected, never misread.
            bool truncationRejected = true;
            if (values.Length > 0)
            {
                int lastLength = Varint.GetLength((uint)values[^1].Length) + values[^1].Length;
                int start = pooled.WrittenCount - lastLength;
                for (int cut = start; cut < pooled.WrittenCount; cut++)
                {
                    SpanReader truncated = new(pooled.WrittenSpan[start..cut]);
                    truncationRejected &= !truncated.TryReadLengthPrefixed(out _);
                }
            }

            return reader.IsEmpty && truncationRejected;
        }, iter: 300);
    }

    private static void AssertOutOfSpace(byte[] buffer, int position, WriterAction action)
    {
        byte[] before = buffer.ToArray();
        SpanWriter writer = new(buffer);
        writer.Reserve(position);
        try
        {
            action(ref writer);
            Assert.Fail("expected the write to run out of space");
        }
        catch (StorageException ex)
        {
            Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        }

        Assert.Equal(position, writer.Position);
        Assert.Equal(before, buffer);
    }

    private delegate void WriterAction(ref SpanWriter writer);
}
