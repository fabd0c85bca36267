using System;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Iterators;

/// <summary>
/// Merges child iterators into one stream in internal-key order, in both directions.
/// </summary>
/// <remarks>
/// <para>
/// Children are searched linearly for the smallest (or largest) key: with the handful of children a read has
/// (memtables, a few L0 tables, one per level) this beats a heap's bookkeeping. Among equal internal keys, which do
/// not occur between distinct sources, the earlier child wins.
/// </para>
/// <para>
/// Changing direction repositions every other child relative to the current key, as LevelDB's merging iterator
/// does: going forward, each child sits at its first entry after the current key; going backward, at its last
/// entry before it. Owns its children and disposes them. One thread.
/// </para>
/// </remarks>
internal sealed class MergingIterator : IInternalIterator
{
    private readonly IInternalIterator[] _children;
    private int _current = -1;
    private bool _forward = true;

    public MergingIterator(IInternalIterator[] children)
    {
        _children = children;
    }

    public bool Valid => _current >= 0 && _children[_current].Valid;

    public ReadOnlySpan<byte> Key => _children[_current].Key;

    public ReadOnlySpan<byte> Value => _children[_current].Value;

    public void SeekGE(ReadOnlySpan<byte> internalKey)
    {
        foreach (IInternalIterator child in _children)
        {
            child.SeekGE(internalKey);
        }

        _forward = true;
        FindSmallest();
    }

    public void SeekLT(ReadOnlySpan<byte> internalKey)
    {
        foreach (IInternalIterator child in _children)
        {
            child.SeekLT(internalKey);
        }

        _forward = false;
        FindLargest();
    }

    public void First()
    {
        foreach (IInternalIterator child in _children)
        {
            child.First();
        }

        _forward = true;
        FindSmallest();
    }

    public void Last()
    {
        foreach (IInternalIterator child in _children)
        {
            child.Last();
        }

        _forward = false;
        FindLargest();
    }

    public void Next()
    {
        IInternalIterator current = _children[_current];
        if (!_forward)
        {
            // Every other child sits before the current key; move each to its first entry after it.
            ReadOnlySpan<byte> key = current.Key;
            for (int i = 0; i < _children.Length; i++)
            {
                if (i == _current)
                {
                    continue;
                }

                IInternalIterator child = _children[i];
                child.SeekGE(key);
                if (child.Valid && InternalKey.Compare(child.Key, key) == 0)
                {
                    child.Next();
                }
            }

            _forward = true;
        }

        current.Next();
        FindSmallest();
    }

    public void Prev()
    {
        IInternalIterator current = _children[_current];
        if (_forward)
        {
            // Every other child sits after the current key; move each to its last entry before it.
            ReadOnlySpan<byte> key = current.Key;
            for (int i = 0; i < _children.Length; i++)
            {
                if (i != _current)
                {
                    _children[i].SeekLT(key);
                }
            }

            _forward = false;
        }

        current.Prev();
        FindLargest();
    }

    public void Dispose()
    {
        foreach (IInternalIterator child in _children)
        {
            child.Dispose();
        }
    }

    private void FindSmallest()
    {
        int best = -1;
        for (int i = 0; i < _children.Length; i++)
        {
            IInternalIterator child = _children[i];
            if (child.Valid && (best < 0 || InternalKey.Compare(child.Key, _children[best].Key) < 0))
            {
                best = i;
            }
        }

        _current = best;
    }

    private void FindLargest()
    {
        int best = -1;
        for (int i = _children.Length - 1; i >= 0; i--)
        {
            IInternalIterator child = _children[i];
            if (child.Valid && (best < 0 || InternalKey.Compare(child.Key, _children[best].Key) > 0))
            {
                best = i;
            }
        }

        _current = best;
    }
}
