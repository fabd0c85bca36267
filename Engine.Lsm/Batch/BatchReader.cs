using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Engine.Api;
using Engine.Core.Encoding;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Batch;

/// <summary>
/// Walks the operations of an encoded batch (layout at the top of <see cref="WriteBatch"/>) from untrusted bytes:
/// a truncated header, a count that does not match the operations present, an unknown kind, an empty key, a
/// range deletion whose start is not below its end, a length past the end or trailing bytes is a <see cref="CorruptionException"/> naming the caller's file and offset.
/// </summary>
/// <remarks>
/// Recovery calls <see cref="Validate"/> before applying a batch, so that a damaged batch is never half-applied.
/// Mutable ref struct: pass it by <c>ref</c>, never by value. One owner; not thread-safe.
/// </remarks>
internal ref struct BatchReader
{
    private readonly ReadOnlySpan<byte> _encoded;
    private readonly string _path;
    private readonly long _offset;
    private readonly int _count;
    private int _position;
    private int _read;

    /// <summary>Reads <paramref name="encoded"/>, found in the record at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    /// <exception cref="CorruptionException">The header is truncated or its count is impossible.</exception>
    public BatchReader(ReadOnlySpan<byte> encoded, string path, long offset)
    {
        _encoded = encoded;
        _path = path;
        _offset = offset;
        if (encoded.Length < WriteBatch.HeaderSize)
        {
            Fail(0, $"batch header truncated ({encoded.Length} of {WriteBatch.HeaderSize} bytes)");
        }

        Sequence = BinaryPrimitives.ReadUInt64LittleEndian(encoded);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(encoded[8..]);

        // Every operation takes at least two bytes (kind and key length), which bounds an honest count.
        if (count > (uint)(encoded.Length - WriteBatch.HeaderSize) / 2)
        {
            Fail(8, $"batch count {count} exceeds what {encoded.Length} bytes can hold");
        }

        _count = (int)count;
        _position = WriteBatch.HeaderSize;
        _read = 0;
    }

    /// <summary>The sequence number of the first operation.</summary>
    public ulong Sequence { get; }

    /// <summary>The number of operations the header announces.</summary>
    public readonly int Count => _count;

    /// <summary>How many operations have been read.</summary>
    public readonly int ReadCount => _read;

    /// <summary>
    /// Checks a whole encoded batch without applying anything.
    /// </summary>
    /// <returns>The number of operations.</returns>
    /// <exception cref="CorruptionException">The encoding is malformed.</exception>
    public static int Validate(ReadOnlySpan<byte> encoded, string path, long offset)
    {
        BatchReader reader = new(encoded, path, offset);
        while (reader.TryReadNext(out _, out _, out _))
        {
        }

        return reader.Count;
    }

    /// <summary>Reads the next operation.</summary>
    /// <param name="kind">The operation's kind.</param>
    /// <param name="key">The key (the inclusive start for <see cref="KeyKind.RangeDelete"/>).</param>
    /// <param name="value">The value (the exclusive end for <see cref="KeyKind.RangeDelete"/>; empty for <see cref="KeyKind.Delete"/>).</param>
    /// <returns>False after the last operation, once the encoding is known to end exactly there.</returns>
    /// <exception cref="CorruptionException">The encoding is malformed.</exception>
    public bool TryReadNext(out KeyKind kind, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        kind = default;
        key = default;
        value = default;
        if (_read == _count)
        {
            if (_position != _encoded.Length)
            {
                Fail(_position, $"{_encoded.Length - _position} trailing bytes after {_count} operations");
            }

            return false;
        }

        SpanReader reader = new(_encoded[_position..]);
        if (!reader.TryReadByte(out byte kindByte))
        {
            Fail(_position, $"batch count {_count} but only {_read} operations present");
        }

        kind = (KeyKind)kindByte;
        if (kind is not (KeyKind.Delete or KeyKind.Set or KeyKind.RangeDelete))
        {
            Fail(_position, $"unknown operation kind {kindByte}");
        }

        if (!reader.TryReadLengthPrefixed(out key))
        {
            Fail(_position, "operation key length runs past the end of the batch");
        }

        if (key.IsEmpty)
        {
            Fail(_position, "operation with an empty key");
        }

        if (kind != KeyKind.Delete && !reader.TryReadLengthPrefixed(out value))
        {
            Fail(_position, "operation value length runs past the end of the batch");
        }

        if (kind == KeyKind.RangeDelete && key.SequenceCompareTo(value) >= 0)
        {
            Fail(_position, "range deletion whose start does not sort before its end");
        }

        _position += reader.Position;
        _read++;
        return true;
    }

    [DoesNotReturn]
    private readonly void Fail(int position, string reason) =>
        ThrowHelper.ThrowCorruption(_path, _offset, $"{reason} (at byte {position} of the batch)");
}
