using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// An optimistic transaction over one key-value namespace: reads at a snapshot taken when it began, its own writes
/// buffered and visible to its own reads, and at <see cref="CommitAsync"/> a check that nothing it read changed since,
/// then one atomic write. Serializable: a transaction that commits behaves as if it ran alone at its commit.
/// </summary>
/// <remarks>
/// <para>
/// Validation compares what the transaction saw with the store's latest state, under the lock stripes of every key it
/// read or writes: a point read (get or exists, including of a missing or expired key) must find the same live value
/// (its bytes; a rewrite with equal bytes, or with another time to live, is no conflict); a scanned range must hold
/// the same live entries over the part the scan reached (from its start to the last key it passed, or all of it when it
/// ran to the end), compared by a 64-bit XxHash3 digest of the keys and values. A transaction that scanned locks every
/// stripe while it validates and writes, since a writer anywhere could have entered the range; one that only read
/// points locks their stripes alone. A transaction that wrote nothing commits without validating: its reads were one
/// consistent snapshot.
/// </para>
/// <para>
/// A failed validation throws <see cref="TransactionConflictException"/> and writes nothing; retry with a new
/// transaction. Disposing without committing rolls back (nothing was written). After <see cref="CommitAsync"/>, whether
/// it succeeded or not, every member but <see cref="Dispose"/> throws <see cref="InvalidOperationException"/>. One
/// owner; not thread-safe.
/// </para>
/// </remarks>
public sealed partial class KeyValueTransaction : IDisposable
{
    private readonly KeyValueStore _store;
    private readonly Snapshot _snapshot;
    private readonly SortedDictionary<byte[], PendingWrite> _writes = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], byte[]?> _reads = new(ByteKeyComparer.Instance);
    private readonly List<ScannedRange> _scans = [];
    private State _state;

    internal KeyValueTransaction(KeyValueStore store, Snapshot snapshot)
    {
        _store = store;
        _snapshot = snapshot;
    }

    private enum State
    {
        Active,
        Finished,
        Disposed,
    }

    /// <summary>The engine sequence number of the snapshot the transaction reads.</summary>
    public ulong SnapshotSequence => _snapshot.Sequence;

    /// <summary>The value of <paramref name="key"/>: the transaction's own write if it made one, else the live value at its snapshot.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is too long.</exception>
    /// <exception cref="InvalidOperationException">The transaction has committed or failed to.</exception>
    /// <exception cref="ObjectDisposedException">The transaction or the store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        byte[]? value = Read(key.Span, nameof(key));
        return new ValueTask<byte[]?>(value is null ? null : (byte[])value.Clone());
    }

    /// <summary>True when <see cref="GetAsync"/> would return a value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is too long.</exception>
    /// <exception cref="InvalidOperationException">The transaction has committed or failed to.</exception>
    /// <exception cref="ObjectDisposedException">The transaction or the store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    public ValueTask<bool> ExistsAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(Read(key.Span, nameof(key)) is not null);
    }

    /// <summary>Buffers a put of <paramref name="key"/>; the time to live counts from the commit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key or value is too long, or <paramref name="ttl"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The transaction has committed or failed to.</exception>
    /// <exception cref="ObjectDisposedException">The transaction is disposed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, TimeSpan? ttl = null)
    {
        _store.Keys.Check(key, nameof(key));
        if (value.Length > KeyValueStore.MaxValueLength)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"A value is at most {KeyValueStore.MaxValueLength} bytes.");
        }

        KeyValueEntry.CheckTtl(ttl, nameof(ttl));
        EnsureActive();
        _writes[key.ToArray()] = new PendingWrite(value.ToArray(), ttl);
    }

    /// <summary>Buffers a delete of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is too long.</exception>
    /// <exception cref="InvalidOperationException">The transaction has committed or failed to.</exception>
    /// <exception cref="ObjectDisposedException">The transaction is disposed.</exception>
    public void Delete(ReadOnlySpan<byte> key)
    {
        _store.Keys.Check(key, nameof(key));
        EnsureActive();
        _writes[key.ToArray()] = new PendingWrite(null, null);
    }

    /// <summary>Rolls back unless committed: nothing of the transaction is written. Releases its snapshot.</summary>
    public void Dispose()
    {
        if (_state != State.Disposed)
        {
            _state = State.Disposed;
            _snapshot.Dispose();
        }
    }

    private byte[]? Read(ReadOnlySpan<byte> key, string paramName)
    {
        _store.Keys.Check(key, paramName);
        EnsureActive();
        _store.Store.ThrowIfDisposed();
        byte[] owned = key.ToArray();
        if (_writes.TryGetValue(owned, out PendingWrite write))
        {
            return write.Value;
        }

        if (_reads.TryGetValue(owned, out byte[]? seen))
        {
            return seen;
        }

        byte[]? value = _store.GetCore(key, _snapshot, _store.NowMs());
        _reads.Add(owned, value);
        return value;
    }

    private void EnsureActive()
    {
        ObjectDisposedException.ThrowIf(_state == State.Disposed, this);
        if (_state != State.Active)
        {
            throw new InvalidOperationException("The transaction has committed, or failed to; begin a new one.");
        }
    }

    /// <summary>A buffered write: a put with its value and time to live, or (null value) a delete.</summary>
    private readonly record struct PendingWrite(byte[]? Value, TimeSpan? Ttl);
}
