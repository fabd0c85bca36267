using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Range scans and counts.</summary>
public sealed partial class KeyValueStore
{
    /// <summary>
    /// The live entries with keys in <paramref name="range"/> (<c>[start, end)</c>, unsigned-byte order; exact bounds,
    /// so a key that is a proper prefix of the end is inside and the end itself is not), as copies, ascending or, with
    /// <paramref name="reverse"/>, descending: the exact mirror.
    /// </summary>
    /// <remarks>
    /// The scan streams: it holds one engine iterator and one entry at a time, so memory does not grow with the range.
    /// Each enumeration reads the store as of the moment it starts; expiry is judged entry by entry as it is reached.
    /// Dispose the enumerator (<c>await foreach</c> does) to release the iterator.
    /// </remarks>
    /// <param name="range">The keys, over user keys; <see cref="KeyRange.All"/> (the default) for the whole namespace.</param>
    /// <param name="reverse">Descending order.</param>
    /// <param name="cancellationToken">Checked before every entry.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed (checked here and when enumeration starts).</exception>
    /// <exception cref="CorruptionException">A stored entry is damaged (when it is reached).</exception>
    public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(KeyRange range = default, bool reverse = false, CancellationToken cancellationToken = default)
    {
        _store.ThrowIfDisposed();
        return new SynchronousAsyncEnumerable<KeyValuePair<byte[], byte[]>>(() => ScanEntries(range, reverse, null), cancellationToken);
    }

    /// <summary>The number of live entries in <paramref name="range"/>: the length of <see cref="ScanAsync"/> over it. Copies nothing.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="CorruptionException">A stored entry is damaged.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<long> CountAsync(KeyRange range = default, CancellationToken cancellationToken = default)
    {
        _store.ThrowIfDisposed();
        return new ValueTask<long>(CountCore(range, null, cancellationToken));
    }

    /// <summary>The live entries of <paramref name="range"/> as of <paramref name="snapshot"/> (null: when enumeration starts).</summary>
    internal IEnumerable<KeyValuePair<byte[], byte[]>> ScanEntries(KeyRange range, bool reverse, Snapshot? snapshot)
    {
        _store.ThrowIfDisposed();
        long now = NowMs();
        using DatabaseIterator it = _store.Database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = _keys.EngineRange(range) });
        for (Start(it, reverse); it.Valid; Step(it, reverse))
        {
            if (IsLive(it.Key, it.Value, now, out int offset))
            {
                yield return new KeyValuePair<byte[], byte[]>(_keys.UserKeyOf(it.Key).ToArray(), it.Value[offset..].ToArray());
            }
        }
    }

    /// <summary>The number of live entries of <paramref name="range"/> as of <paramref name="snapshot"/> (null: latest).</summary>
    internal long CountCore(KeyRange range, Snapshot? snapshot, CancellationToken cancellationToken)
    {
        long now = NowMs();
        long count = 0;
        int steps = 0;
        using DatabaseIterator it = _store.Database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = _keys.EngineRange(range) });
        for (it.First(); it.Valid; it.Next())
        {
            if ((++steps & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (IsLive(it.Key, it.Value, now, out _))
            {
                count++;
            }
        }

        return count;
    }

    private static void Start(DatabaseIterator it, bool reverse)
    {
        if (reverse)
        {
            it.Last();
        }
        else
        {
            it.First();
        }
    }

    private static void Step(DatabaseIterator it, bool reverse)
    {
        if (reverse)
        {
            it.Prev();
        }
        else
        {
            it.Next();
        }
    }
}
