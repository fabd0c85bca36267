using System;
using Engine.Core.Errors;
using Engine.Lsm.Cache;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>
/// A two-level iterator over a table's point entries: a cursor over the index block picks the data block, a cursor over
/// that block picks the entry, and both move together across block boundaries in either direction.
/// </summary>
/// <remarks>
/// <para>
/// An index key sorts at or after every key of its block and before every key of the next, so a seek to <c>k</c> lands
/// in the first block whose index key is <c>&gt;= k</c>: the first entry <c>&gt;= k</c> is in that block or first in the
/// next; the last entry <c>&lt; k</c> is in that block or last in the previous one (or, when no index key is
/// <c>&gt;= k</c>, the table's last entry). Data blocks are verified on first use through the reader's bitmap.
/// </para>
/// <para>
/// Data blocks come from the reader's <see cref="BlockSource"/>, or for a compaction's iterator from its own
/// <see cref="ReadaheadBlockSource"/>. An iterator that crosses a few blocks forward in a row asks the reader's source for
/// a sequential one (<see cref="BlockSource.ForSequentialReads"/>: many blocks per system call for a table read by
/// positional reads) and keeps it until disposed. A block the source keeps in place (raw, in the mapping or the readahead window,
/// which holds the block until the next block is loaded) is fetched again from it on each call, so the iterator holds
/// positions only; one served from the block cache stays pinned by a <see cref="BlockLease"/> until the iterator leaves
/// the block; one decoded or copied lives in a buffer the iterator owns and reuses. Keys and values are valid until the next
/// positioning call. One thread. The reader must stay open while the iterator is in use: an iterator built on a
/// <see cref="TableLease"/> holds that lease and disposes it with itself.
/// </para>
/// </remarks>
internal sealed class SstIterator : IInternalIterator
{
    /// <summary>Blocks an iterator crosses forward in a row before it reads ahead (<see cref="BlockSource.ForSequentialReads"/>).</summary>
    private const int CrossingsBeforeReadahead = 2;

    private readonly SstReader _table;
    private readonly bool _fillCache;

    // Starts as the table's source; a forward scan may switch it, once, to a readahead source the iterator owns.
    private BlockSource _source;

    // Mutable structs: not readonly.
    private TableLease _owner;
    private BlockLease _block;

    private BlockCursor _index;
    private BlockCursor _data = new(new byte[64]);
    private BlockHandle _dataHandle;
    private byte[]? _blockBuffer;
    private int _blockLength;
    private BlockLocation _location;
    private int _forwardCrossings;

    /// <summary>An iterator over <paramref name="table"/>, which its caller keeps open.</summary>
    public SstIterator(SstReader table, bool fillCache = true)
    {
        _table = table;
        _source = table.Blocks;
        _fillCache = fillCache;
    }

    /// <summary>
    /// An iterator over the reader <paramref name="lease"/> pins; the iterator owns the lease and disposes it with itself.
    /// With <paramref name="fillCache"/> false, blocks missing from the block cache are decoded privately, not inserted.
    /// </summary>
    public SstIterator(TableLease lease, bool fillCache = true)
    {
        _table = lease.Reader;
        _source = _table.Blocks;
        _owner = lease;
        _fillCache = fillCache;
    }

    /// <summary>
    /// A compaction's iterator over the reader <paramref name="lease"/> pins, reading data blocks through
    /// <paramref name="stream"/> (the same table file) instead of the mapping, and never filling the block cache. Made
    /// for one forward pass; it owns the lease and the stream and disposes both with itself.
    /// </summary>
    public SstIterator(TableLease lease, ReadaheadReader stream)
    {
        _table = lease.Reader;
        _owner = lease;
        _source = new ReadaheadBlockSource(_table.Blocks, stream);
        _fillCache = false;
    }

    public bool Valid => _data.Valid;

    public ReadOnlySpan<byte> Key => _data.Key(Data());

    public ReadOnlySpan<byte> Value => _data.Value(Data());

    public void SeekGE(ReadOnlySpan<byte> internalKey)
    {
        _forwardCrossings = 0;
        Split(internalKey, out ReadOnlySpan<byte> userKey, out ulong trailer);
        BlockReader index = _table.IndexReader();
        _index.SeekGE(index, userKey, trailer);
        if (!LoadDataBlock(index))
        {
            return;
        }

        _data.SeekGE(Data(), userKey, trailer);
        SkipForward(index);
    }

    public void SeekLT(ReadOnlySpan<byte> internalKey)
    {
        _forwardCrossings = 0;
        Split(internalKey, out ReadOnlySpan<byte> userKey, out ulong trailer);
        BlockReader index = _table.IndexReader();
        _index.SeekGE(index, userKey, trailer);
        if (!_index.Valid)
        {
            Last();
            return;
        }

        LoadDataBlock(index);
        _data.SeekLT(Data(), userKey, trailer);
        SkipBackward(index);
    }

    public void First()
    {
        _forwardCrossings = 0;
        BlockReader index = _table.IndexReader();
        _index.First(index);
        if (LoadDataBlock(index))
        {
            _data.First(Data());
            SkipForward(index);
        }
    }

    public void Last()
    {
        _forwardCrossings = 0;
        BlockReader index = _table.IndexReader();
        _index.Last(index);
        if (LoadDataBlock(index))
        {
            _data.Last(Data());
            SkipBackward(index);
        }
    }

    public void Next()
    {
        if (_data.Valid)
        {
            _data.Next(Data());
            SkipForward(_table.IndexReader());
        }
    }

    public void Prev()
    {
        if (_data.Valid)
        {
            _data.Prev(Data());
            SkipBackward(_table.IndexReader());
        }
    }

    /// <summary>Releases the block and the table the iterator pins; it must not be used afterwards.</summary>
    public void Dispose()
    {
        _data.Invalidate();
        _index.Invalidate();
        _block.Dispose();
        if (_source != _table.Blocks)
        {
            _source.Dispose();
        }

        _owner.Dispose();
    }

    /// <summary>A reader over the current data block: in place in the source, the cached copy, or the iterator's own copy.</summary>
    private BlockReader Data()
    {
        ReadOnlySpan<byte> contents = _location switch
        {
            BlockLocation.InPlace => _source.InPlace(_dataHandle),
            BlockLocation.Lease => _block.Span,
            _ => _blockBuffer.AsSpan(0, _blockLength),
        };
        return _table.DataReader(contents, _dataHandle);
    }

    private static void Split(ReadOnlySpan<byte> internalKey, out ReadOnlySpan<byte> userKey, out ulong trailer)
    {
        if (internalKey.Length < InternalKey.TrailerSize)
        {
            ThrowHelper.ThrowInvalidArgument($"A seek key of {internalKey.Length} bytes is shorter than an internal key's trailer.");
        }

        userKey = InternalKey.UserKey(internalKey);
        trailer = InternalKey.Trailer(internalKey);
    }

    /// <summary>Points the data cursor's block at the index cursor's entry; false (and unpositioned) past the index.</summary>
    private bool LoadDataBlock(scoped in BlockReader index)
    {
        _data.Invalidate();
        if (!_index.Valid)
        {
            return false;
        }

        BlockHandle handle = SstReader.DataHandle(index, _index);
        _block.Dispose();
        _blockLength = _source.Read(_index.RestartIndex, handle, ref _blockBuffer, _fillCache, out _block, out _location).Length;
        _dataHandle = handle;
        return true;
    }

    private void SkipForward(scoped in BlockReader index)
    {
        while (!_data.Valid && _index.Valid)
        {
            _index.Next(index);
            if (++_forwardCrossings == CrossingsBeforeReadahead && _source == _table.Blocks)
            {
                _source = _table.Blocks.ForSequentialReads() ?? _source;
            }

            if (LoadDataBlock(index))
            {
                _data.First(Data());
            }
        }
    }

    private void SkipBackward(scoped in BlockReader index)
    {
        while (!_data.Valid && _index.Valid)
        {
            _forwardCrossings = 0;
            _index.Prev(index);
            if (LoadDataBlock(index))
            {
                _data.Last(Data());
            }
        }
    }
}
