using System;
using System.Buffers.Binary;

namespace Engine.Core.Encoding;

/// <summary>
/// Reads what <see cref="SpanWriter"/> and <see cref="BufferWriterExtensions"/> write, from untrusted
/// bytes: every read returns false on truncated or malformed input and never throws, and a failed read
/// leaves <see cref="Position"/> where it was. A length prefix is checked against the remaining bytes
/// before anything is sliced, so a corrupt length costs nothing.
/// </summary>
/// <remarks>
/// The caller turns a false into a <c>CorruptionException</c> with its own file and offset (the reader
/// knows neither). Mutable ref struct: pass it by <c>ref</c>, never by value. One owner; not thread-safe.
/// </remarks>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>How many bytes have been consumed.</summary>
    public readonly int Position => _position;

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The bytes not yet consumed.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    /// <summary>True when every byte has been consumed.</summary>
    public readonly bool IsEmpty => _position == _buffer.Length;

    public bool TryReadByte(out byte value)
    {
        if (_position < _buffer.Length)
        {
            value = _buffer[_position++];
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadVarint32(out uint value)
    {
        if (Varint.TryRead(_buffer[_position..], out value, out int read))
        {
            _position += read;
            return true;
        }

        return false;
    }

    public bool TryReadVarint64(out ulong value)
    {
        if (Varint.TryRead(_buffer[_position..], out value, out int read))
        {
            _position += read;
            return true;
        }

        return false;
    }

    public bool TryReadFixed16(out ushort value)
    {
        if (Remaining >= sizeof(ushort))
        {
            value = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[_position..]);
            _position += sizeof(ushort);
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadFixed32(out uint value)
    {
        if (Remaining >= sizeof(uint))
        {
            value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[_position..]);
            _position += sizeof(uint);
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadFixed64(out ulong value)
    {
        if (Remaining >= sizeof(ulong))
        {
            value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
            _position += sizeof(ulong);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Consumes the next <paramref name="count"/> bytes; false when fewer remain or the count is negative.</summary>
    public bool TryReadBytes(int count, out ReadOnlySpan<byte> value)
    {
        if ((uint)count <= (uint)Remaining)
        {
            value = _buffer.Slice(_position, count);
            _position += count;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Consumes a 32-bit varint length and that many bytes; false when the varint is malformed or the
    /// length exceeds the remaining bytes, and then consumes nothing.
    /// </summary>
    public bool TryReadLengthPrefixed(out ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> rest = _buffer[_position..];
        if (Varint.TryRead(rest, out uint length, out int prefix) && length <= (uint)(rest.Length - prefix))
        {
            value = rest.Slice(prefix, (int)length);
            _position += prefix + (int)length;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Consumes <paramref name="count"/> bytes without looking at them; false when fewer remain.</summary>
    public bool TrySkip(int count) => TryReadBytes(count, out _);
}
