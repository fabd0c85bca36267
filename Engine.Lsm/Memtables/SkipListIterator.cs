using System;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Memtables;

/// <summary>
/// A cursor over an <see cref="ArenaSkipList"/>, in internal-key order both ways. Entries that the writer
/// publishes while the cursor moves may or may not be seen, but every entry seen is complete and the order
/// is always correct.
/// </summary>
/// <remarks>
/// Spans returned by <see cref="Key"/>, <see cref="UserKey"/> and <see cref="Value"/> point into the arena:
/// they stay valid for as long as the list is alive (its owner keeps it alive by reference count), not just
/// until the next move. When <see cref="Valid"/> is false they are empty and <see cref="Trailer"/> is 0.
/// Thread-safety: each iterator belongs to one thread; many iterators may run alongside the single writer.
/// </remarks>
internal sealed class SkipListIterator : IInternalIterator
{
    private readonly ArenaSkipList _list;

    // The current node; 0 when the iterator is not positioned on an entry.
    private int _node;

    /// <summary>Creates an unpositioned iterator over <paramref name="list"/>.</summary>
    public SkipListIterator(ArenaSkipList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        _list = list;
    }

    /// <summary>True when the iterator is positioned on an entry.</summary>
    public bool Valid => _node != 0;

    /// <summary>The whole internal key of the current entry (user key and trailer).</summary>
    public ReadOnlySpan<byte> Key => _node != 0 ? _list.KeyAt(_node) : default;

    /// <summary>The user key of the current entry.</summary>
    public ReadOnlySpan<byte> UserKey => _node != 0 ? InternalKey.UserKey(_list.KeyAt(_node)) : default;

    /// <summary>The trailer of the current entry: <c>(sequence &lt;&lt; 8) | kind</c>.</summary>
    public ulong Trailer => _node != 0 ? InternalKey.Trailer(_list.KeyAt(_node)) : 0;

    /// <summary>The value of the current entry.</summary>
    public ReadOnlySpan<byte> Value => _node != 0 ? _list.ValueAt(_node) : default;

    /// <summary>Moves to the first entry whose internal key is at least <paramref name="internalKey"/>; returns <see cref="Valid"/>.</summary>
    /// <exception cref="StorageException"><paramref name="internalKey"/> is shorter than a trailer (InvalidArgument).</exception>
    public bool SeekGE(ReadOnlySpan<byte> internalKey)
    {
        CheckInternalKey(internalKey);
        return SeekGE(InternalKey.UserKey(internalKey), InternalKey.Trailer(internalKey));
    }

    /// <summary>Moves to the first entry at or after (<paramref name="userKey"/>, <paramref name="trailer"/>); returns <see cref="Valid"/>.</summary>
    public bool SeekGE(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        _node = _list.FindGreaterOrEqual(userKey, trailer);
        return _node != 0;
    }

    /// <summary>Moves to the last entry whose internal key is less than <paramref name="internalKey"/>; returns <see cref="Valid"/>.</summary>
    /// <exception cref="StorageException"><paramref name="internalKey"/> is shorter than a trailer (InvalidArgument).</exception>
    public bool SeekLT(ReadOnlySpan<byte> internalKey)
    {
        CheckInternalKey(internalKey);
        return SeekLT(InternalKey.UserKey(internalKey), InternalKey.Trailer(internalKey));
    }

    /// <summary>Moves to the last entry before (<paramref name="userKey"/>, <paramref name="trailer"/>); returns <see cref="Valid"/>.</summary>
    public bool SeekLT(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        _node = _list.FindLessThan(userKey, trailer);
        return _node != 0;
    }

    /// <summary>Moves to the first entry; returns <see cref="Valid"/> (false when the list is empty).</summary>
    public bool First()
    {
        _node = _list.FirstNode();
        return _node != 0;
    }

    /// <summary>Moves to the last entry; returns <see cref="Valid"/> (false when the list is empty).</summary>
    public bool Last()
    {
        _node = _list.LastNode();
        return _node != 0;
    }

    /// <summary>Moves to the next entry; returns <see cref="Valid"/>. Does nothing when not valid.</summary>
    public bool Next()
    {
        if (_node != 0)
        {
            _node = _list.NextNode(_node);
        }

        return _node != 0;
    }

    /// <summary>Moves to the previous entry; returns <see cref="Valid"/>. Does nothing when not valid.</summary>
    public bool Prev()
    {
        if (_node != 0)
        {
            _node = _list.PrevNode(_node);
        }

        return _node != 0;
    }

    private static void CheckInternalKey(ReadOnlySpan<byte> internalKey)
    {
        if (internalKey.Length < InternalKey.TrailerSize)
        {
            ThrowHelper.ThrowInvalidArgument($"an internal key has at least {InternalKey.TrailerSize} bytes, got {internalKey.Length}");
        }
    }
    void IInternalIterator.SeekGE(ReadOnlySpan<byte> internalKey) => SeekGE(internalKey);

    void IInternalIterator.SeekLT(ReadOnlySpan<byte> internalKey) => SeekLT(internalKey);

    void IInternalIterator.First() => First();

    void IInternalIterator.Last() => Last();

    void IInternalIterator.Next() => Next();

    void IInternalIterator.Prev() => Prev();

    /// <summary>Nothing to release: the arena belongs to the memtable.</summary>
    public void Dispose()
    {
    }
}
