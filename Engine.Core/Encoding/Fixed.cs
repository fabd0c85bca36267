using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Engine.Core.Encoding;

/// <summary>
/// Fixed-width integers over spans. Storage formats (WAL headers, block trailers, footers) use the
/// little-endian forms; the big-endian forms exist for order-preserving keys, where bytewise order must
/// equal numeric order. The 16/32/64-bit members are <see cref="BinaryPrimitives"/> under names that say
/// which format they serve; the 24- and 48-bit members fill widths BinaryPrimitives lacks.
/// </summary>
/// <remarks>
/// Every member throws when the span is shorter than the width (the runtime's range exceptions, not a
/// <c>StorageException</c>): these are for offsets the caller has already checked. Code that handles
/// untrusted lengths goes through <see cref="SpanReader"/>, which checks first. Stateless; thread-safe.
/// </remarks>
internal static class Fixed
{
    /// <summary>The largest value a 24-bit field holds.</summary>
    public const uint MaxUInt24 = 0xFF_FFFF;

    /// <summary>The largest value a 48-bit field holds.</summary>
    public const ulong MaxUInt48 = 0xFFFF_FFFF_FFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16LittleEndian(Span<byte> destination, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32LittleEndian(Span<byte> destination, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt64LittleEndian(Span<byte> destination, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16LittleEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt16LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32LittleEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt32LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64LittleEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt64LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16BigEndian(Span<byte> destination, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32BigEndian(Span<byte> destination, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt64BigEndian(Span<byte> destination, ulong value) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16BigEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt16BigEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32BigEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt32BigEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64BigEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt64BigEndian(source);

    /// <summary>Writes the low 24 bits of <paramref name="value"/> little-endian; higher bits are an argument error.</summary>
    public static void WriteUInt24LittleEndian(Span<byte> destination, uint value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxUInt24);
        destination[2] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[0] = (byte)value;
    }

    /// <summary>Reads a 24-bit little-endian value.</summary>
    public static uint ReadUInt24LittleEndian(ReadOnlySpan<byte> source) =>
        source[0] | ((uint)source[1] << 8) | ((uint)source[2] << 16);

    /// <summary>Writes the low 48 bits of <paramref name="value"/> little-endian; higher bits are an argument error.</summary>
    public static void WriteUInt48LittleEndian(Span<byte> destination, ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxUInt48);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), (ushort)(value >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value);
    }

    /// <summary>Reads a 48-bit little-endian value.</summary>
    public static ulong ReadUInt48LittleEndian(ReadOnlySpan<byte> source) =>
        BinaryPrimitives.ReadUInt32LittleEndian(source) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(source.Slice(4, 2)) << 32);
}
