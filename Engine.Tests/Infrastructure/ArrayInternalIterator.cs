using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;

namespace Engine.Tests.Infrastructure;

/// <summary>An internal iterator over a sorted in-memory list of entries: the test double for any source.</summary>
internal sealed class ArrayInternalIterator : IInternalIterator
{
    private readonly List<(byte[] Key, byte[] Value)> _entries;
    private int _index = -1;

    public ArrayInternalIterator(IEnumerable<(byte[] Key, byte[] Value)> entries)
    {
        _entries = entries.ToList();
        _entries.Sort((a, b) => InternalKey.Compare(a.Key, b.Key));
    }

    public bool Valid => _index >= 0 && _index < _entries.Count;

    public ReadOnlySpan<byte> Key => _entries[_index].Key;

    public ReadOnlySpan<byte> Value => _entries[_index].Value;

    public void SeekGE(ReadOnlySpan<byte> internalKey)
    {
        _index = 0;
        while (_index < _entries.Count && InternalKey.Compare(_entries[_index].Key, internalKey) < 0)
        {
            _index++;
        }
    }

    public void SeekLT(ReadOnlySpan<byte> internalKey)
    {
        _index = _entries.Count - 1;
        while (_index >= 0 && InternalKey.Compare(_entries[_index].Key, internalKey) >= 0)
        {
            _index--;
        }
    }

    public void First() => _index = 0;

    public void Last() => _index = _entries.Count - 1;

    public void Next() => _index++;

    public void Prev() => _index--;

    public void Dispose()
    {
    }

    public static byte[] MakeKey(byte[] userKey, ulong sequence, KeyKind kind)
    {
        byte[] key = new byte[userKey.Length + InternalKey.TrailerSize];
        InternalKey.Write(key, userKey, sequence, kind);
        return key;
    }
}
