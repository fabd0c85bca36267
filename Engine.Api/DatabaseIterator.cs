using System;
using Engine.Lsm.Iterators;

namespace Engine.Api;

/// <summary>A cursor over the live keys of a <see cref="Database"/>, in bytewise order, as of one consistent point.</summary>
/// <remarks>
/// One thread. <see cref="Key"/> and <see cref="Value"/> are valid until the next move. Dispose it: it pins the
/// tables it reads. Positioning a disposed iterator throws a <see cref="Engine.Core.Errors.StorageException"/>
/// (FailedPrecondition).
/// </remarks>
public sealed class DatabaseIterator : IDisposable
{
    private readonly DbIterator _inner;

    internal DatabaseIterator(DbIterator inner)
    {
        _inner = inner;
    }

    /// <summary>True when positioned on a key.</summary>
    public bool Valid => _inner.Valid;

    /// <summary>The current key.</summary>
    public ReadOnlySpan<byte> Key => _inner.Key;

    /// <summary>The current value.</summary>
    public ReadOnlySpan<byte> Value => _inner.Value;

    /// <summary>Positions on the first key at or after <paramref name="key"/>.</summary>
    public void SeekGE(ReadOnlySpan<byte> key) => _inner.SeekGE(key);

    /// <summary>Positions on the last key before <paramref name="key"/>.</summary>
    public void SeekLT(ReadOnlySpan<byte> key) => _inner.SeekLT(key);

    /// <summary>Positions on the first key.</summary>
    public void First() => _inner.First();

    /// <summary>Positions on the last key.</summary>
    public void Last() => _inner.Last();

    /// <summary>Moves to the next key.</summary>
    public void Next() => _inner.Next();

    /// <summary>Moves to the previous key.</summary>
    public void Prev() => _inner.Prev();

    /// <summary>Releases the tables and memtables the iterator pins.</summary>
    public void Dispose() => _inner.Dispose();
}
