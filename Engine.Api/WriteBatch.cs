using System;

namespace Engine.Api;

/// <summary>Operations committed atomically by <see cref="Database.Write"/>: all of them or none.</summary>
/// <remarks>
/// One owner; not thread-safe. Reusable after <see cref="Clear"/>. Dispose returns its buffer to the pool; every
/// member then throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class WriteBatch : IDisposable
{
    private readonly Engine.Lsm.Batch.WriteBatch _inner = new();
    private bool _disposed;

    /// <summary>The number of operations in the batch.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public int Count
    {
        get
        {
            EnsureOpen();
            return _inner.Count;
        }
    }

    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    internal Engine.Lsm.Batch.WriteBatch Inner
    {
        get
        {
            EnsureOpen();
            return _inner;
        }
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The key or value is too long.</exception>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        EnsureOpen();
        KeyArguments.CheckKey(key, nameof(key));
        KeyArguments.CheckValue(value, nameof(value));
        _inner.Put(key, value);
    }

    /// <summary>Deletes <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The key is too long.</exception>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Delete(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        KeyArguments.CheckKey(key, nameof(key));
        _inner.Delete(key);
    }

    /// <summary>Deletes every key in <c>[start, end)</c>.</summary>
    /// <exception cref="ArgumentException">A bound is empty, or <paramref name="start"/> is not below <paramref name="end"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is too long.</exception>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        EnsureOpen();
        KeyArguments.CheckRange(start, end);
        _inner.DeleteRange(start, end);
    }

    /// <summary>Removes every operation; keeps the buffer.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Clear()
    {
        EnsureOpen();
        _inner.Clear();
    }

    /// <summary>Returns the buffer to the pool. A second dispose does nothing.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _inner.Dispose();
        }
    }

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(_disposed, this);
}
