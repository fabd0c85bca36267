using System;
using Engine.Lsm.Iterators;

namespace Engine.Api;

/// <summary>
/// A cursor over the live keys of a <see cref="Database"/> within a <see cref="KeyRange"/>, in bytewise order, as of
/// one consistent point, that allocates nothing per key. For copied pairs in a <c>foreach</c>, use
/// <see cref="Database.Scan"/>.
/// </summary>
/// <remarks>
/// <para>
/// One thread. Dispose it: it pins the memtables and tables it reads, which keeps their memory mapped and their files
/// from deletion until then, even when compaction makes them obsolete. After <see cref="Dispose"/> every member
/// throws <see cref="ObjectDisposedException"/>. Reading <see cref="Key"/> or <see cref="Value"/> when
/// <see cref="Valid"/> is false throws <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// <see cref="Key"/> and <see cref="Value"/> are spans over buffers the iterator owns, filled from the store's memory
/// (memtable arenas, mapped tables, cached blocks) when first read at each position. The engine's memory is released
/// when the iterator moves off a table or is disposed; a span kept past that point therefore never reaches it, and
/// reading a stale span shows other bytes but cannot fault the process. The copy costs a memcpy of what is read.
/// </para>
/// </remarks>
public sealed class DatabaseIterator : IDisposable
{
    // The smallest key/value buffer made; buffers grow to the largest key or value read.
    private const int MinBufferBytes = 64;

    private readonly DbIterator _inner;
    private bool _disposed;

    // The current key and value, copied on first read at each position; a move clears the flags.
    private byte[] _key = [];
    private int _keyLength = -1;
    private byte[] _value = [];
    private int _valueLength = -1;

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
    /// Valid until the iterator next moves or is disposed: the span is over the iterator's own buffer, which the next
    /// key overwrites. Copy it (<c>ToArray</c>) to keep it.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            EnsurePositioned();
            if (_keyLength < 0)
            {
                _keyLength = CopyOut(_inner.Key, ref _key);
            }

            return _key.AsSpan(0, _keyLength);
        }
    }

    /// <summary>The current value.</summary>
    /// <remarks>
    /// Valid until the iterator next moves or is disposed: the span is over the iterator's own buffer, which the next
    /// value overwrites. Copy it (<c>ToArray</c>) to keep it.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            EnsurePositioned();
            if (_valueLength < 0)
            {
                _valueLength = CopyOut(_inner.Value, ref _value);
            }

            return _value.AsSpan(0, _valueLength);
        }
    }

    /// <summary>Positions on the first key at or after <paramref name="key"/>, and within the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void SeekGE(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        Moved();
        _inner.SeekGE(key);
    }

    /// <summary>Positions on the last key before <paramref name="key"/>, and within the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void SeekLT(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        Moved();
        _inner.SeekLT(key);
    }

    /// <summary>Positions on the first key of the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void First()
    {
        EnsureOpen();
        Moved();
        _inner.First();
    }

    /// <summary>Positions on the last key of the range.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    public void Last()
    {
        EnsureOpen();
        Moved();
        _inner.Last();
    }

    /// <summary>Moves to the next key.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public void Next()
    {
        EnsurePositioned();
        Moved();
        _inner.Next();
    }

    /// <summary>Moves to the previous key.</summary>
    /// <exception cref="ObjectDisposedException">The iterator is disposed.</exception>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on a key.</exception>
    public void Prev()
    {
        EnsurePositioned();
        Moved();
        _inner.Prev();
    }

    /// <summary>Releases the memtables and tables the iterator pins. A second dispose does nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        _inner.Dispose();
    }

    /// <summary>Forgets the copies of the last position.</summary>
    private void Moved()
    {
        _keyLength = -1;
        _valueLength = -1;
    }

    private static int CopyOut(ReadOnlySpan<byte> source, ref byte[] buffer)
    {
        if (buffer.Length < source.Length)
        {
            buffer = new byte[Math.Max(Math.Max(source.Length, MinBufferBytes), buffer.Length * 2)];
        }

        source.CopyTo(buffer);
        return source.Length;
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
