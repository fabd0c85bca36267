using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Encoding;

/// <summary>
/// Writes fixed-width little-endian integers, varints and length-prefixed slices into a caller's span,
/// tracking the position. Use it for records whose maximum size is known up front (headers, footers,
/// block trailers); for output of unknown size use <see cref="BufferWriterExtensions"/> on a pooled writer.
/// </summary>
/// <remarks>
/// When a value does not fit in the remaining space the writer throws
/// <see cref="StorageException"/> with <see cref="StorageErrorCode.InvalidArgument"/> (the caller passed a
/// span too small for what it writes) and writes nothing of that value, so <see cref="Position"/> stays at
/// the end of the last complete value.
/// Mutable ref struct: pass it by <c>ref</c>, never by value, or the copy's position diverges. One owner; not thread-safe.
/// </remarks>
internal ref struct SpanWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>How many bytes have been written.</summary>
    public readonly int Position => _position;

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The bytes written so far.</summary>
    public readonly Span<byte> WrittenSpan => _buffer[.._position];

    public void WriteByte(byte value)
    {
        EnsureRemaining(1);
        _buffer[_position++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        EnsureRemaining(value.Length);
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    public void WriteVarint32(uint value)
    {
        EnsureRemaining(Varint.GetLength(value));
        _position += Varint.Write(_buffer[_position..], value);
    }

    public void WriteVarint64(ulong value)
    {
        EnsureRemaining(Varint.GetLength(value));
        _position += Varint.Write(_buffer[_position..], value);
    }

    public void WriteFixed16(ushort value)
    {
        EnsureRemaining(sizeof(ushort));
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], value);
        _position += sizeof(ushort);
    }

    public void WriteFixed32(uint value)
    {
        EnsureRemaining(sizeof(uint));
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += sizeof(uint);
    }

    public void WriteFixed64(ulong value)
    {
        EnsureRemaining(sizeof(ulong));
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        _position += sizeof(ulong);
    }

    /// <summary>Writes the length of <paramref name="value"/> as a 32-bit varint, then its bytes; all or nothing.</summary>
    public void WriteLengthPrefixed(ReadOnlySpan<byte> value)
    {
        int prefix = Varint.GetLength((uint)value.Length);
        EnsureRemaining(prefix + value.Length);
        _position += Varint.Write(_buffer[_position..], (uint)value.Length);
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>
    /// Moves past <paramref name="count"/> bytes and returns them, for fields filled in later
    /// (a checksum over what follows, a length known only at the end).
    /// </summary>
    public Span<byte> Reserve(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        EnsureRemaining(count);
        Span<byte> reserved = _buffer.Slice(_position, count);
        _position += count;
        return reserved;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void EnsureRemaining(int count)
    {
        // Compared as unsigned longs so a count near int.MaxValue cannot overflow the check.
        if ((ulong)(uint)count > (ulong)(uint)(_buffer.Length - _position))
        {
            ThrowHelper.ThrowDestinationTooSmall(count, _buffer.Length - _position);
        }
    }
}
