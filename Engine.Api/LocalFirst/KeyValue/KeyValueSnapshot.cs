using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// A consistent read view of one key-value namespace, pinned when <see cref="KeyValueStore.OpenSnapshot"/> made it: a
/// batch is seen whole or not at all, and later writes are not seen. Dispose it to let compaction reclaim old versions.
/// </summary>
/// <remarks>
/// The snapshot pins the data, not the clock: an entry that expires after the snapshot was taken is absent from it from
/// then on, as it is from the store (so compaction removing it changes nothing a reader sees). Thread-safe: several
/// readers may read through one snapshot at once. Reads after <see cref="Dispose"/> throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class KeyValueSnapshot : IDisposable
{
    private readonly KeyValueStore _store;
    private readonly Snapshot _snapshot;

    internal KeyValueSnapshot(KeyValueStore store, Snapshot snapshot)
    {
        _store = store;
        _snapshot = snapshot;
    }

    /// <summary>The engine sequence number of the last write the snapshot sees.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot is disposed.</exception>
    public ulong Sequence => _snapshot.Sequence;

    /// <summary>The value of <paramref name="key"/> at the snapshot, or null.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot or the store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _store.Store.ThrowIfDisposed();
        return new ValueTask<byte[]?>(_store.GetCore(key.Span, _snapshot, _store.NowMs()));
    }

    /// <summary>True when <paramref name="key"/> has a live value at the snapshot.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot or the store is disposed.</exception>
    /// <exception cref="CorruptionException">The stored entry is damaged.</exception>
    public ValueTask<bool> ExistsAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _store.Store.ThrowIfDisposed();
        return new ValueTask<bool>(_store.ExistsCore(key.Span, _snapshot, _store.NowMs()));
    }

    /// <summary>The live entries in <paramref name="range"/> at the snapshot; see <see cref="KeyValueStore.ScanAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot or the store is disposed.</exception>
    public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(KeyRange range = default, bool reverse = false, CancellationToken cancellationToken = default)
    {
        _store.Store.ThrowIfDisposed();
        _ = _snapshot.Sequence;
        return new SynchronousAsyncEnumerable<KeyValuePair<byte[], byte[]>>(() => _store.ScanEntries(range, reverse, _snapshot), cancellationToken);
    }

    /// <summary>The number of live entries in <paramref name="range"/> at the snapshot.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot or the store is disposed.</exception>
    public ValueTask<long> CountAsync(KeyRange range = default, CancellationToken cancellationToken = default)
    {
        _store.Store.ThrowIfDisposed();
        return new ValueTask<long>(_store.CountCore(range, _snapshot, cancellationToken));
    }

    /// <summary>Releases the snapshot. A second dispose does nothing.</summary>
    public void Dispose() => _snapshot.Dispose();
}
