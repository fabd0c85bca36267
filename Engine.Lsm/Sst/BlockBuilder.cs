using System;
using Engine.Core.Buffers;
using Engine.Core.Diagnostics;
using Engine.Core.Encoding;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>
/// Assembles one block of an SSTable (data, index, range-del, properties or metaindex): prefix-compressed entries
/// followed by the restart array.
/// </summary>
/// <remarks>
/// <code>
/// block:
/// +---------+---------+-----+-----------+------------+-----+--------------+--------------+
/// | entry 0 | entry 1 | ... | entry n-1 | restart[0] | ... | restart[r-1] | r            |
/// |         |         |     |           | u32 LE     |     | u32 LE       | u32 LE       |
/// +---------+---------+-----+-----------+------------+-----+--------------+--------------+
///
/// entry:
/// +-------------------+---------------------+------------------+--------------+-------+
/// | shared (varint32) | unshared (varint32) | value len (v32)  | key suffix   | value |
/// +-------------------+---------------------+------------------+--------------+-------+
/// </code>
/// <para>
/// An entry stores the length of the prefix its key shares with the previous key and the rest of the key. Every
/// <c>restartInterval</c>-th entry is a restart point: it shares nothing (<c>shared = 0</c>), so its key is whole in
/// the block, and its offset is listed in the restart array. A seek binary-searches the restart keys, then scans at
/// most one interval. An empty block is the four bytes <c>r = 0</c>. The block carries no checksum of its own: the
/// table writer appends the 5-byte block trailer (compression type 0, masked CRC-32C of the contents and the type
/// byte), which covers every byte above. Readers reject a restart count that does not fit the block, restart offsets
/// that are out of range or not increasing, <c>shared</c> larger than the previous key, lengths that run past
/// the restart array, entries that do not end exactly at it, and restart points that are not the start of an entry
/// sharing nothing (<see cref="BlockReader"/>).
/// </para>
/// <para>
/// Keys must be added in strictly increasing order (checked in the invariants build). The builder reuses its
/// buffers across <see cref="Reset"/>, so a long-lived builder stops allocating once it has reached its working size.
/// One owner; not thread-safe.
/// </para>
/// </remarks>
internal sealed class BlockBuilder : IDisposable
{
    private readonly int _restartInterval;
    private readonly BlockKeyOrder _order;
    private readonly PooledBufferWriter _buffer;
    private int[] _restarts = new int[16];
    private int _restartCount;
    private int _sinceRestart;
    private int _entryCount;
    private byte[] _lastKey = new byte[64];
    private int _lastKeyLength;
    private bool _finished;

    public BlockBuilder(int restartInterval, BlockKeyOrder order, int initialCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restartInterval, 1);
        _restartInterval = restartInterval;
        _order = order;
        _buffer = new PooledBufferWriter(initialCapacity);
    }

    /// <summary>True when no entry has been added since the last <see cref="Reset"/>.</summary>
    public bool IsEmpty => _entryCount == 0;

    /// <summary>The number of entries added since the last <see cref="Reset"/>.</summary>
    public int EntryCount => _entryCount;

    /// <summary>The size, in bytes, that <see cref="Finish"/> would return now.</summary>
    public int CurrentSizeEstimate => _finished ? _buffer.WrittenCount : _buffer.WrittenCount + ((_restartCount + 1) * sizeof(uint));

    /// <summary>The key of the last entry added; empty when the block is empty.</summary>
    public ReadOnlySpan<byte> LastKey => _lastKey.AsSpan(0, _lastKeyLength);

    /// <summary>Appends an entry; <paramref name="key"/> must sort after the previous key.</summary>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Invariant.Assert(!_finished, "BlockBuilder.Add after Finish without Reset");
        Invariant.Assert(_entryCount == 0 || Compare(LastKey, key) < 0, "BlockBuilder keys must strictly increase");

        int shared = 0;
        if (_entryCount == 0 || _sinceRestart >= _restartInterval)
        {
            AddRestart(_buffer.WrittenCount);
            _sinceRestart = 0;
        }
        else
        {
            shared = LastKey.CommonPrefixLength(key);
        }

        int unshared = key.Length - shared;
        _buffer.WriteVarint32((uint)shared);
        _buffer.WriteVarint32((uint)unshared);
        _buffer.WriteVarint32((uint)value.Length);
        _buffer.Write(key[shared..]);
        _buffer.Write(value);

        // Only the suffix changes: the shared prefix is already in place.
        if (_lastKey.Length < key.Length)
        {
            Array.Resize(ref _lastKey, Math.Max(key.Length, _lastKey.Length * 2));
        }

        key[shared..].CopyTo(_lastKey.AsSpan(shared));
        _lastKeyLength = key.Length;
        _sinceRestart++;
        _entryCount++;
    }

    /// <summary>
    /// Appends the restart array and returns the block's bytes, valid until the next <see cref="Reset"/>.
    /// </summary>
    public ReadOnlySpan<byte> Finish()
    {
        if (!_finished)
        {
            for (int i = 0; i < _restartCount; i++)
            {
                _buffer.WriteFixed32((uint)_restarts[i]);
            }

            _buffer.WriteFixed32((uint)_restartCount);
            _finished = true;
        }

        return _buffer.WrittenSpan;
    }

    /// <summary>Forgets every entry so the builder can assemble the next block; keeps its buffers.</summary>
    public void Reset()
    {
        _buffer.Clear();
        _restartCount = 0;
        _sinceRestart = 0;
        _entryCount = 0;
        _lastKeyLength = 0;
        _finished = false;
    }

    public void Dispose() => _buffer.Dispose();

    private void AddRestart(int offset)
    {
        if (_restartCount == _restarts.Length)
        {
            Array.Resize(ref _restarts, _restarts.Length * 2);
        }

        _restarts[_restartCount++] = offset;
    }

    private int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        _order == BlockKeyOrder.Internal ? InternalKey.Compare(a, b) : a.SequenceCompareTo(b);
}
