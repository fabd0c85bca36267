using System;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Iterators;

/// <summary>
/// Iterates the tables of one sorted level (L1 and below) as one run, opening each table's iterator only when the
/// cursor reaches it.
/// </summary>
/// <remarks>
/// The tables are sorted by key and do not overlap, so a seek is a binary search on the tables' largest keys
/// followed by a seek in one table. The caller keeps the version that lists the tables alive; the current table's
/// iterator holds a lease on its reader, so only that one table is pinned open. One thread.
/// </remarks>
internal sealed class LevelIterator : IInternalIterator
{
    private readonly FileMetadata[] _files;
    private readonly TableCache? _tables;
    private readonly Func<FileMetadata, SstIterator>? _open;
    private readonly bool _fillCache;
    private SstIterator? _current;
    private int _index = -1;

    public LevelIterator(FileMetadata[] files, TableCache tables, bool fillCache = true)
    {
        _files = files;
        _tables = tables;
        _fillCache = fillCache;
    }

    /// <summary>A level iterator whose table iterators come from <paramref name="open"/> (a compaction's streaming ones).</summary>
    public LevelIterator(FileMetadata[] files, Func<FileMetadata, SstIterator> open)
    {
        _files = files;
        _open = open;
    }

    public bool Valid => _current is not null && _current.Valid;

    public ReadOnlySpan<byte> Key => _current!.Key;

    public ReadOnlySpan<byte> Value => _current!.Value;

    public void SeekGE(ReadOnlySpan<byte> internalKey)
    {
        // The first table whose largest key is at or after the target.
        int lo = 0;
        int hi = _files.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.Compare(_files[mid].Largest, internalKey) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (Open(lo))
        {
            _current!.SeekGE(internalKey);
            SkipEmptyForward();
        }
    }

    public void SeekLT(ReadOnlySpan<byte> internalKey)
    {
        // The last table whose smallest key is before the target.
        int lo = 0;
        int hi = _files.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.Compare(_files[mid].Smallest, internalKey) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (Open(lo - 1))
        {
            _current!.SeekLT(internalKey);
            SkipEmptyBackward();
        }
    }

    public void First()
    {
        if (Open(0))
        {
            _current!.First();
            SkipEmptyForward();
        }
    }

    public void Last()
    {
        if (Open(_files.Length - 1))
        {
            _current!.Last();
            SkipEmptyBackward();
        }
    }

    public void Next()
    {
        _current!.Next();
        SkipEmptyForward();
    }

    public void Prev()
    {
        _current!.Prev();
        SkipEmptyBackward();
    }

    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
    }

    private void SkipEmptyForward()
    {
        while (_current is not null && !_current.Valid)
        {
            if (!Open(_index + 1))
            {
                return;
            }

            _current!.First();
        }
    }

    private void SkipEmptyBackward()
    {
        while (_current is not null && !_current.Valid)
        {
            if (!Open(_index - 1))
            {
                return;
            }

            _current!.Last();
        }
    }

    /// <summary>Switches to table <paramref name="index"/>; false (and no current table) when out of range.</summary>
    private bool Open(int index)
    {
        if (index == _index && _current is not null)
        {
            return true;
        }

        _current?.Dispose();
        _current = null;
        _index = index;
        if (index < 0 || index >= _files.Length)
        {
            return false;
        }

        if (_open is not null)
        {
            _current = _open(_files[index]);
        }
        else
        {
            _current = new SstIterator(_tables!.Acquire(_files[index]), _fillCache);
        }

        return true;
    }
}
