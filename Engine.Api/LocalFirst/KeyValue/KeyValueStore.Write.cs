using System;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Writes: put, delete, compare-and-swap, and the one commit path every write takes.</summary>
public sealed partial class KeyValueStore
{
    // One engine batch per thread for single-key writes, so a put allocates nothing; cleared before each use.
    [ThreadStatic]
    private static WriteBatch? s_threadBatch;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, expiring after <paramref name="ttl"/> when given.</summary>
    /// <param name="key">The key, 0 to <see cref="MaxKeyLength"/> bytes.</param>
    /// <param name="value">The value, 0 to <see cref="MaxValueLength"/> bytes.</param>
    /// <param name="ttl">How long the entry lives, from now by the store's clock; null for ever.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The key or value is too long, or <paramref name="ttl"/> is not positive.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The write failed; it is not acknowledged.</exception>
    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ReadOnlySpan<byte> userKey = key.Span;
        _keys.Check(userKey, nameof(key));
        CheckValue(value.Span, nameof(value));
        KeyValueEntry.CheckTtl(ttl, nameof(ttl));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        Span<byte> scratch = stackalloc byte[KeyValueKeys.StackKeyLength];
        using KeyValueKeys.KeyBuffer engineKey = _keys.Compose(userKey, scratch);
        Span<byte> header = stackalloc byte[KeyValueEntry.ExpiringHeaderLength];
        int headerLength = KeyValueEntry.WriteHeader(header, KeyValueEntry.ExpiryOf(ttl, NowMs()));
        WriteBatch batch = ThreadBatch();
        batch.Inner.Put(engineKey.Span, header[..headerLength], value.Span);
        using (_store.Locks.Acquire(engineKey.Span))
        {
            Commit(batch);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Deletes <paramref name="key"/>: true when it had a live value, false (writing nothing) when it had none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is too long.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    /// <exception cref="StorageException">The write failed; it is not acknowledged.</exception>
    public ValueTask<bool> DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        ReadOnlySpan<byte> userKey = key.Span;
        _keys.Check(userKey, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        Span<byte> scratch = stackalloc byte[KeyValueKeys.StackKeyLength];
        using KeyValueKeys.KeyBuffer engineKey = _keys.Compose(userKey, scratch);
        using (_store.Locks.Acquire(engineKey.Span))
        {
            if (!ExistsEngineKey(engineKey.Span, null, NowMs()))
            {
                return new ValueTask<bool>(false);
            }

            WriteBatch batch = ThreadBatch();
            batch.Inner.Delete(engineKey.Span);
            Commit(batch);
        }

        return new ValueTask<bool>(true);
    }

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="replacement"/> if its live value equals <paramref name="expected"/>
    /// (null: if it has no live value; an expired entry counts as none), atomically with respect to every other write of
    /// the key. False, writing nothing, otherwise.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="expected">
    /// The value the key must hold, byte for byte; null when it must be absent. An array, not a memory, so that the
    /// result of a <see cref="GetAsync"/> passes through as it is: a null array converted to a memory would be the empty
    /// value, which is present.
    /// </param>
    /// <param name="replacement">The new value.</param>
    /// <param name="ttl">How long the new entry lives; null for ever.</param>
    /// <param name="cancellationToken">Checked before the operation.</param>
    /// <exception cref="ArgumentOutOfRangeException">The key or replacement is too long, or <paramref name="ttl"/> is not positive.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    /// <exception cref="StorageException">The write failed; it is not acknowledged.</exception>
    public ValueTask<bool> CompareAndSwapAsync(
        ReadOnlyMemory<byte> key,
        byte[]? expected,
        ReadOnlyMemory<byte> replacement,
        TimeSpan? ttl = null,
        CancellationToken cancellationToken = default)
    {
        ReadOnlySpan<byte> userKey = key.Span;
        _keys.Check(userKey, nameof(key));
        CheckValue(replacement.Span, nameof(replacement));
        KeyValueEntry.CheckTtl(ttl, nameof(ttl));
        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        Span<byte> scratch = stackalloc byte[KeyValueKeys.StackKeyLength];
        using KeyValueKeys.KeyBuffer engineKey = _keys.Compose(userKey, scratch);
        using (_store.Locks.Acquire(engineKey.Span))
        {
            long now = NowMs();
            byte[]? current = ReadLiveEntry(engineKey.Span, null, now);
            bool matches = expected is null
                ? current is null
                : current is not null && current.AsSpan(HeaderLengthOf(current)).SequenceEqual(expected);
            if (!matches)
            {
                return new ValueTask<bool>(false);
            }

            Span<byte> header = stackalloc byte[KeyValueEntry.ExpiringHeaderLength];
            int headerLength = KeyValueEntry.WriteHeader(header, KeyValueEntry.ExpiryOf(ttl, now));
            WriteBatch batch = ThreadBatch();
            batch.Inner.Put(engineKey.Span, header[..headerLength], replacement.Span);
            Commit(batch);
        }

        return new ValueTask<bool>(true);
    }

    /// <summary>
    /// Every write of the key-value store ends here: one engine batch committed atomically with the store's
    /// durability. The caller holds the lock stripes of the batch's keys. A change feed hooks in here (it sees each
    /// committed batch whole, in commit order while the stripes are held).
    /// </summary>
    internal void Commit(WriteBatch batch)
    {
        try
        {
            _store.Database.Write(batch, _store.Options.Durability);
        }
        finally
        {
            if (ReferenceEquals(batch, s_threadBatch))
            {
                batch.Clear();
            }
        }
    }

    private static WriteBatch ThreadBatch()
    {
        WriteBatch batch = s_threadBatch ??= new WriteBatch();
        batch.Clear();
        return batch;
    }

    private static int HeaderLengthOf(ReadOnlySpan<byte> liveEntry)
    {
        KeyValueEntry.TryRead(liveEntry, out _, out int offset);
        return offset;
    }
}
