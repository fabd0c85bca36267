using System;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Atomic batches.</summary>
public sealed partial class KeyValueStore
{
    /// <summary>Commits every operation of <paramref name="batch"/> atomically: all of them or none.</summary>
    /// <param name="batch">The operations; unchanged by the call, and reusable.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A key is longer than <see cref="MaxKeyLength"/>; nothing is written.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The write failed; none of the batch is acknowledged.</exception>
    public ValueTask WriteAsync(KeyValueBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (KeyValueBatch.Operation operation in batch.Operations)
        {
            _keys.Check(operation.Key, nameof(batch));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _store.ThrowIfDisposed();
        if (batch.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        byte[][] keys = new byte[batch.Count][];
        using WriteBatch engineBatch = new();
        Span<byte> header = stackalloc byte[KeyValueEntry.ExpiringHeaderLength];
        long now = NowMs();
        for (int i = 0; i < keys.Length; i++)
        {
            KeyValueBatch.Operation operation = batch.Operations[i];
            byte[] key = keys[i] = _keys.ToArray(operation.Key);
            if (operation.Value is null)
            {
                engineBatch.Inner.Delete(key);
            }
            else
            {
                int headerLength = KeyValueEntry.WriteHeader(header, KeyValueEntry.ExpiryOf(operation.Ttl, now));
                engineBatch.Inner.Put(key, header[..headerLength], operation.Value);
            }
        }

        using (_store.Locks.AcquireAll(keys))
        {
            Commit(engineBatch);
        }

        return ValueTask.CompletedTask;
    }
}
