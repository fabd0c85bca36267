using System;
using Engine.Lsm.Iterators;

namespace Engine.Api;

/// <summary>
/// A zero-copy cursor over the live keys of a <see cref="Database"/> within a <see cref="KeyRange"/>, in bytewise
/// order, as of one consistent point. For copied pairs in a <c>foreach</c>, use <see cref="Database.Scan"/>.
/// </summary>
/// <remarks>
/// One thread. Dispose it: it pins the memtables and tables it reads, which keeps their memory mapped and their files
/// from deletion until then, even when compaction makes them obsolete. After <see cref="Dispose"/> every member
/// throws <see cref="ObjectDisposedException"/>. Reading <see cref="Key"/> or <see cref="Value"/> when
/// <see cref="Valid"/> is false throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class DatabaseIterator : IDisposable
{
    private readonly DbIterator _inner;
    private bool _disposed;

    internal DatabaseIterator(DbIterator inner)
    {
        _inner = inner;
    }

    /// <summary>True when positioned on a key.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public bool Valid
    {
        get
        {
            EnsureOpen();
            return _inner.Valid;
        }
    }

    /// <summary>The current key.</summary>
    /// <remarks>
    /// The span points into the store's memory (a memtable arena, a mapped table, a cached block, or the iterator's
    /// own buffer) and is valid only until the iterator next moves or is disposed; copy it to keep it.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            EnsurePositioned();
            return _inner.Key;
        }
    }

    /// <summary>The current value.</summary>
    /// <remarks>
    /// The span points into the store's memory and is valid only until the iterator next moves or is disposed; copy
    /// it to keep it.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            EnsurePositioned();
            return _inner.Value;
        }
    }

    /// <summary>Positions on the first key at or after <paramref name="key"/>, and within the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void SeekGE(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        _inner.SeekGE(key);
    }

    /// <summary>Positions on the last key before <paramref name="key"/>, and within the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void SeekLT(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        _inner.SeekLT(key);
    }

    /// <summary>Positions on the first key of the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void First()
    {
        EnsureOpen();
        _inner.First();
    }

    /// <summary>Positions on the last key of the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void Last()
    {
        EnsureOpen();
        _inner.Last();
    }

    /// <summary>Moves to the next key.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public void Next()
    {
        EnsurePositioned();
        _inner.Next();
    }

    /// <summary>Moves to the previous key.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public void Prev()
    {
        EnsurePositioned();
        _inner.Prev();
    }

    /// <summary>Releases the memtables and tables the iterator pins. A second dispose does nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        _inner.Dispose();
    }

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void EnsurePositioned()
    {
        EnsureOpen();
        if (!_inner.Valid)
        {
            throw new InvalidOperationException("The iterator is not positioned on a key.");
        }
    }
}
