using System;
using System.Buffers;
using System.Buffers.Binary;

namespace Engine.Core.Encoding;

/// <summary>
/// Appends varints, fixed-width little-endian integers and length-prefixed slices to any
/// <see cref="IBufferWriter{T}"/>, typically a <c>PooledBufferWriter</c>. The bytes are the same as
/// <see cref="SpanWriter"/> writes and <see cref="SpanReader"/> reads.
/// </summary>
/// <remarks>
/// Each call asks the writer for exactly the space the value needs, so these never fail for lack of
/// room; a writer that cannot grow throws its own exception. Stateless; thread-safety is the writer's.
/// </remarks>
internal static class BufferWriterExtensions
{
    public static void WriteVarint32(this IBufferWriter<byte> writer, uint value)
    {
        int written = Varint.Write(writer.GetSpan(Varint.MaxLength32), value);
        writer.Advance(written);
    }

    public static void WriteVarint64(this IBufferWriter<byte> writer, ulong value)
    {
        int written = Varint.Write(writer.GetSpan(Varint.MaxLength64), value);
        writer.Advance(written);
    }

    public static void WriteFixed16(this IBufferWriter<byte> writer, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(writer.GetSpan(sizeof(ushort)), value);
        writer.Advance(sizeof(ushort));
    }

    public static void WriteFixed32(this IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(sizeof(uint)), value);
        writer.Advance(sizeof(uint));
    }

    public static void WriteFixed64(this IBufferWriter<byte> writer, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(writer.GetSpan(sizeof(ulong)), value);
        writer.Advance(sizeof(ulong));
    }

    /// <summary>Appends the length of <paramref name="value"/> as a 32-bit varint, then its bytes.</summary>
    public static void WriteLengthPrefixed(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        // One GetSpan for prefix and payload keeps the record contiguous in writers that chain segments.
        int total = Varint.MaxLength32 + value.Length;
        Span<byte> span = writer.GetSpan(total);
        int prefix = Varint.Write(span, (uint)value.Length);
        value.CopyTo(span[prefix..]);
        writer.Advance(prefix + value.Length);
    }
}
