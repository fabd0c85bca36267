using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Point reads: get and exists, of the latest data or through a snapshot.</summary>
public sealed partial class KeyValueStore
{
    /// <summary>Point reads start with a buffer of this size and rent a larger one only for a larger value.</summary>
    private const int ReadBufferLength = 512;

    /// <summary>The value of <paramref name="key"/>, or null when it has none or it expired.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the read.</exception>
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        return new ValueTask<byte[]?>(GetCore(key.Span, null, NowMs()));
    }

    /// <summary>True when <paramref name="key"/> has a value that has not expired.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the read.</exception>
    public ValueTask<bool> ExistsAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        return new ValueTask<bool>(ExistsCore(key.Span, null, NowMs()));
    }

    /// <summary>The live value of <paramref name="userKey"/> as of <paramref name="snapshot"/> (null: latest), judged at <paramref name="nowMs"/>.</summary>
    internal byte[]? GetCore(ReadOnlySpan<byte> userKey, Snapshot? snapshot, long nowMs)
    {
        Span<byte> scratch = stackalloc byte[KeyValueKeys.StackKeyLength];
        using KeyValueKeys.KeyBuffer key = _keys.Compose(userKey, scratch);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferLength);
        try
        {
            if (!TryReadStored(key.Span, snapshot, ref buffer, out int length)
                || !IsLive(key.Span, buffer.AsSpan(0, length), nowMs, out int offset))
            {
                return null;
            }

            return buffer.AsSpan(offset, length - offset).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>True when <paramref name="userKey"/> has a live value as of <paramref name="snapshot"/> (null: latest).</summary>
    internal bool ExistsCore(ReadOnlySpan<byte> userKey, Snapshot? snapshot, long nowMs)
    {
        Span<byte> scratch = stackalloc byte[KeyValueKeys.StackKeyLength];
        using KeyValueKeys.KeyBuffer key = _keys.Compose(userKey, scratch);
        return ExistsEngineKey(key.Span, snapshot, nowMs);
    }

    /// <summary>
    /// The stored bytes (header included) of <paramref name="engineKey"/> when it has a live value as of
    /// <paramref name="snapshot"/> (null: latest), else null: what transactions and compare-and-swap compare.
    /// </summary>
    internal byte[]? ReadLiveEntry(ReadOnlySpan<byte> engineKey, Snapshot? snapshot, long nowMs)
    {
        byte[]? stored = _store.Database.Get(engineKey, snapshot);
        return stored is not null && IsLive(engineKey, stored, nowMs, out _) ? stored : null;
    }

    /// <summary>True when <paramref name="engineKey"/> has a live value; reads only the header of a large value.</summary>
    private bool ExistsEngineKey(ReadOnlySpan<byte> engineKey, Snapshot? snapshot, long nowMs)
    {
        Span<byte> buffer = stackalloc byte[ReadBufferLength];
        if (!_store.Database.TryGet(engineKey, buffer, out int length, snapshot))
        {
            return false;
        }

        if (length <= buffer.Length)
        {
            return IsLive(engineKey, buffer[..length], nowMs, out _);
        }

        // A large value: its header is the first bytes, read in place through an iterator, never copying the value.
        using DatabaseIterator it = _store.Database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = KeyRange.From(engineKey) });
        it.First();
        return it.Valid && it.Key.SequenceEqual(engineKey) && IsLive(engineKey, it.Value, nowMs, out _);
    }

    /// <summary>Reads the stored bytes of <paramref name="engineKey"/> into <paramref name="buffer"/>, renting a larger one when needed.</summary>
    private bool TryReadStored(ReadOnlySpan<byte> engineKey, Snapshot? snapshot, ref byte[] buffer, out int length)
    {
        while (true)
        {
            if (!_store.Database.TryGet(engineKey, buffer, out length, snapshot))
            {
                return false;
            }

            if (length <= buffer.Length)
            {
                return true;
            }

            // A larger value (or, reading the latest data, one rewritten larger meanwhile): read again into a larger buffer.
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(length);
        }
    }

    /// <summary>
    /// True when <paramref name="stored"/> is a live entry at <paramref name="nowMs"/>, with the value's offset.
    /// </summary>
    /// <exception cref="CorruptionException">The bytes are not an entry.</exception>
    internal bool IsLive(ReadOnlySpan<byte> engineKey, ReadOnlySpan<byte> stored, long nowMs, out int valueOffset)
    {
        if (!KeyValueEntry.TryRead(stored, out long expiresAt, out valueOffset))
        {
            throw new CorruptionException(_store.Directory, engineKey, $"a key-value entry of {stored.Length} bytes has no valid header (flags 0x{(stored.IsEmpty ? 0 : stored[0]):X2})");
        }

        return !KeyValueEntry.IsExpired(expiresAt, nowMs);
    }
}
