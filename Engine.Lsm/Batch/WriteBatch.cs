using System;
using System.Buffers;
using System.Buffers.Binary;
using Engine.Api;
using Engine.Core.Encoding;
using Engine.Core.Errors;
using Engine.Lsm.Keys;
using Engine.Lsm.Options;

namespace Engine.Lsm.Batch;

// Batch format, version 1 (docs/format/batch.md). The encoding is also the WAL record payload.
//
// +-------------------+-----------------+-----------------------------------------+
// | sequence number   | count           | operations (count times)                |
// | uint64 LE         | uint32 LE       |                                         |
// +-------------------+-----------------+-----------------------------------------+
//   header: 12 bytes
//
// operation:
// +--------+-----------------+-----------+-------------------+------------+
// | kind   | key length      | key       | value length      | value      |
// | 1 byte | varint32        | bytes     | varint32          | bytes      |
// +--------+-----------------+-----------+-------------------+------------+
//                                          (Set and RangeDelete only)
//
// kind: 0 Delete, 1 Set, 2 RangeDelete (key = inclusive start, value = exclusive end). Operation i gets sequence
// number `sequence + i`; the sequence is zero while the batch is built and is filled in at commit. The batch has no
// checksum of its own: the WAL chunk checksums cover it. BatchReader rejects any malformed encoding as corruption.

/// <summary>
/// Operations applied atomically, kept in their encoded form (above) so that committing copies them once, into
/// the WAL. Reusable: <see cref="Clear"/> keeps the buffer, so a long-lived batch stops allocating.
/// </summary>
/// <remarks>One owner; not thread-safe. Dispose returns the buffer to the pool.</remarks>
internal sealed class WriteBatch : IDisposable
{
    /// <summary>The size of the header (sequence number and count), in bytes.</summary>
    public const int HeaderSize = 12;

    private const int CountOffset = 8;
    private const int InitialCapacity = 256;

    // A batch that grew past this returns its buffer on Clear, so one huge batch does not pin memory for good.
    private const int RetainedCapacity = 1 << 20;

    private byte[] _buffer;
    private int _length;
    private int _count;

    public WriteBatch()
    {
        _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
        Reset();
    }

    /// <summary>The number of operations.</summary>
    public int Count => _count;

    /// <summary>True when the batch holds no operation.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>
    /// The sequence number of the first operation; zero until commit assigns it, and zero again when the commit found no
    /// space and was undone (a <see cref="Engine.Api.StorageFullException"/> that left nothing of the batch in the log).
    /// </summary>
    public ulong Sequence
    {
        get => BinaryPrimitives.ReadUInt64LittleEndian(_buffer);
        set
        {
            if (value > SequenceNumber.Max)
            {
                ThrowHelper.ThrowInvalidArgument($"A sequence number is at most {SequenceNumber.Max}; got {value}.");
            }

            BinaryPrimitives.WriteUInt64LittleEndian(_buffer, value);
        }
    }

    /// <summary>The size of the encoding in bytes, which is what the batch costs in the WAL and roughly in the memtable.</summary>
    public int ApproximateSize => _length;

    /// <summary>The whole encoding: the WAL record payload. Valid until the batch next changes.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, _length);

    /// <summary>Adds a Set of <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> for an empty or oversized key or value.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckKey(key, "key");
        if (value.Length > Defaults.MaxValueSizeBytes)
        {
            ThrowHelper.ThrowInvalidArgument($"A value is at most {Defaults.MaxValueSizeBytes} bytes; got {value.Length}.");
        }

        AppendOperation(KeyKind.Set, key, value, hasValue: true);
    }

    /// <summary>
    /// Adds a Set of <paramref name="key"/> to the concatenation of <paramref name="valueHeader"/> and
    /// <paramref name="value"/>, without the caller copying them together first (a typed store's header before a user's
    /// value).
    /// </summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> for an empty or oversized key or value.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> valueHeader, ReadOnlySpan<byte> value)
    {
        CheckKey(key, "key");
        long valueLength = (long)valueHeader.Length + value.Length;
        if (valueLength > Defaults.MaxValueSizeBytes)
        {
            ThrowHelper.ThrowInvalidArgument($"A value is at most {Defaults.MaxValueSizeBytes} bytes; got {valueLength}.");
        }

        if (_count == int.MaxValue)
        {
            ThrowHelper.ThrowResourceExhausted("A batch holds at most int.MaxValue operations.");
        }

        EnsureCapacity(1 + Varint.MaxLength32 + key.Length + Varint.MaxLength32 + (int)valueLength);
        SpanWriter writer = new(_buffer.AsSpan(_length));
        writer.WriteByte((byte)KeyKind.Set);
        writer.WriteLengthPrefixed(key);
        writer.WriteVarint32((uint)valueLength);
        writer.WriteBytes(valueHeader);
        writer.WriteBytes(value);
        _length += writer.Position;
        SetCount(_count + 1);
    }

    /// <summary>Adds a point tombstone for <paramref name="key"/>.</summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> for an empty or oversized key.</exception>
    public void Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key, "key");
        AppendOperation(KeyKind.Delete, key, default, hasValue: false);
    }

    /// <summary>Adds a range tombstone over the keys in [<paramref name="start"/>, <paramref name="endExclusive"/>).</summary>
    /// <exception cref="StorageException">
    /// <see cref="StorageErrorCode.InvalidArgument"/> for an empty or oversized bound, or when start is not below end.
    /// </exception>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> endExclusive)
    {
        CheckKey(start, "range start");
        CheckKey(endExclusive, "range end");
        if (start.SequenceCompareTo(endExclusive) >= 0)
        {
            ThrowHelper.ThrowInvalidArgument("A range deletion needs its start to sort strictly before its exclusive end.");
        }

        AppendOperation(KeyKind.RangeDelete, start, endExclusive, hasValue: true);
    }

    /// <summary>Appends the operations of <paramref name="other"/> after this batch's (for group commit).</summary>
    public void Append(WriteBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            ThrowHelper.ThrowInvalidArgument("A batch cannot be appended to itself.");
        }

        if ((long)_count + other._count > int.MaxValue)
        {
            ThrowHelper.ThrowResourceExhausted("A batch holds at most int.MaxValue operations.");
        }

        ReadOnlySpan<byte> operations = other.Data[HeaderSize..];
        EnsureCapacity(operations.Length);
        operations.CopyTo(_buffer.AsSpan(_length));
        _length += operations.Length;
        SetCount(_count + other._count);
    }

    /// <summary>Replaces the content with a copy of an encoded batch, after checking all of it (used in recovery).</summary>
    /// <param name="encoded">The encoded batch.</param>
    /// <param name="path">The file the bytes come from, for corruption reports.</param>
    /// <param name="offset">The offset in that file of the record holding the bytes.</param>
    /// <exception cref="CorruptionException">The encoding is malformed; the batch is then left empty.</exception>
    public void SetFromEncoded(ReadOnlySpan<byte> encoded, string path = "<batch>", long offset = 0)
    {
        Clear();
        int count = BatchReader.Validate(encoded, path, offset);
        EnsureCapacity(encoded.Length - _length);
        encoded.CopyTo(_buffer);
        _length = encoded.Length;
        _count = count;
    }

    /// <summary>Removes every operation and zeroes the sequence; keeps the buffer unless it grew very large.</summary>
    public void Clear()
    {
        if (_buffer.Length > RetainedCapacity)
        {
            byte[] large = _buffer;
            _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
            ArrayPool<byte>.Shared.Return(large);
        }

        Reset();
    }

    /// <summary>Returns the buffer to the pool; the batch must not be used afterwards.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        _length = 0;
        _count = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckKey(ReadOnlySpan<byte> key, string what)
    {
        if (key.IsEmpty)
        {
            ThrowHelper.ThrowInvalidArgument($"A {what} must not be empty.");
        }

        if (key.Length > Defaults.MaxKeySizeBytes)
        {
            ThrowHelper.ThrowInvalidArgument($"A {what} is at most {Defaults.MaxKeySizeBytes} bytes; got {key.Length}.");
        }
    }

    private void AppendOperation(KeyKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool hasValue)
    {
        if (_count == int.MaxValue)
        {
            ThrowHelper.ThrowResourceExhausted("A batch holds at most int.MaxValue operations.");
        }

        int maxLength = 1 + Varint.MaxLength32 + key.Length + (hasValue ? Varint.MaxLength32 + value.Length : 0);
        EnsureCapacity(maxLength);
        SpanWriter writer = new(_buffer.AsSpan(_length));
        writer.WriteByte((byte)kind);
        writer.WriteLengthPrefixed(key);
        if (hasValue)
        {
            writer.WriteLengthPrefixed(value);
        }

        _length += writer.Position;
        SetCount(_count + 1);
    }

    private void SetCount(int count)
    {
        _count = count;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(CountOffset), (uint)count);
    }

    private void Reset()
    {
        _buffer.AsSpan(0, HeaderSize).Clear();
        _length = HeaderSize;
        _count = 0;
    }

    private void EnsureCapacity(int extra)
    {
        long needed = (long)_length + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            ThrowHelper.ThrowResourceExhausted($"A batch cannot grow past {Array.MaxLength} bytes.");
        }

        int size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), Array.MaxLength);
        byte[] grown = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
