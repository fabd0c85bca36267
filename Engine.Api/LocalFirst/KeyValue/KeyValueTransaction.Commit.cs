using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Concurrency;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Commit: validation of the read set and the atomic write.</summary>
public sealed partial class KeyValueTransaction
{
    /// <summary>
    /// Validates every read against the latest state and, when nothing changed, writes every buffered put and delete as
    /// one atomic batch. The transaction is finished afterwards, whatever the outcome.
    /// </summary>
    /// <exception cref="TransactionConflictException">A key or range the transaction read changed since its snapshot; nothing was written.</exception>
    /// <exception cref="InvalidOperationException">The transaction has committed or failed to already.</exception>
    /// <exception cref="ObjectDisposedException">The transaction or the store is disposed.</exception>
    /// <exception cref="StorageException">The write failed; it is not acknowledged.</exception>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        cancellationToken.ThrowIfCancellationRequested();
        _store.Store.ThrowIfDisposed();
        _state = State.Finished;
        try
        {
            if (_writes.Count > 0)
            {
                ValidateAndWrite();
            }
        }
        finally
        {
            _snapshot.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void ValidateAndWrite()
    {
        KeyValueKeys keys = _store.Keys;
        List<byte[]> locked = new(_reads.Count + _writes.Count);
        foreach (byte[] key in _reads.Keys)
        {
            locked.Add(keys.ToArray(key));
        }

        using WriteBatch batch = new();
        Span<byte> header = stackalloc byte[KeyValueEntry.ExpiringHeaderLength];
        long now = _store.NowMs();
        foreach (KeyValuePair<byte[], PendingWrite> write in _writes)
        {
            byte[] key = keys.ToArray(write.Key);
            locked.Add(key);
            if (write.Value.Value is { } value)
            {
                int headerLength = KeyValueEntry.WriteHeader(header, KeyValueEntry.ExpiryOf(write.Value.Ttl, now));
                batch.Inner.Put(key, header[..headerLength], value);
            }
            else
            {
                batch.Inner.Delete(key);
            }
        }

        KeyLocks locks = _store.Store.Locks;
        using KeyLocks.Scope scope = _scans.Count > 0 ? locks.AcquireEvery() : locks.AcquireAll(locked.ToArray());
        Validate();
        _store.Commit(batch);
    }

    /// <summary>Throws <see cref="TransactionConflictException"/> unless every read finds what it saw. The caller holds the stripes.</summary>
    private void Validate()
    {
        long now = _store.NowMs();
        foreach (KeyValuePair<byte[], byte[]?> read in _reads)
        {
            byte[]? latest = _store.GetCore(read.Key, null, now);
            bool same = read.Value is null ? latest is null : latest is not null && latest.AsSpan().SequenceEqual(read.Value);
            if (!same)
            {
                throw new TransactionConflictException(read.Key);
            }
        }

        foreach (ScannedRange scanned in _scans)
        {
            if (scanned.Reached() is not { } reached)
            {
                continue;
            }

            XxHash3 digest = new();
            foreach (KeyValuePair<byte[], byte[]> entry in _store.ScanEntries(reached, scanned.Reverse, null))
            {
                ScannedRange.Append(digest, entry.Key, entry.Value);
            }

            if (digest.GetCurrentHashAsUInt64() != scanned.Digest)
            {
                throw new TransactionConflictException(reached.HasLowerBound ? reached.LowerBound : default);
            }
        }
    }
}
