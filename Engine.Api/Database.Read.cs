using System;
using System.Buffers;
using System.Collections.Generic;
using Engine.Lsm.Db;

namespace Engine.Api;

/// <summary>Point reads, batched reads, iterators and scans.</summary>
public sealed partial class Database
{
    /// <summary>The value of <paramref name="key"/>, or null when it has none. Allocates the returned array.</summary>
    /// <param name="key">The key; an empty key never has a value.</param>
    /// <param name="snapshot">Read as of this snapshot of this store; null reads the latest data.</param>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    /// <exception cref="CorruptionException">The table holding the key is damaged.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key, Snapshot? snapshot = null)
    {
        EnsureOpen();
        return _inner.Get(key, Inner(snapshot));
    }

    /// <summary>Appends the value of <paramref name="key"/> to <paramref name="value"/>; false when it has none. Allocates nothing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    /// <exception cref="CorruptionException">The table holding the key is damaged.</exception>
    public bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> value, Snapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureOpen();
        return _inner.TryGet(key, value, Inner(snapshot));
    }

    /// <summary>
    /// Copies the value of <paramref name="key"/> into <paramref name="destination"/>; false when the key has none.
    /// Allocates nothing.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="destination">Where the value goes.</param>
    /// <param name="valueLength">
    /// The value's length in bytes, 0 when there is none. When it exceeds <paramref name="destination"/>'s length the
    /// method still returns true but copies nothing: call again with a buffer of at least this length.
    /// </param>
    /// <param name="snapshot">Read as of this snapshot of this store; null reads the latest data.</param>
    /// <returns>True when the key has a value.</returns>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    /// <exception cref="CorruptionException">The table holding the key is damaged.</exception>
    public bool TryGet(ReadOnlySpan<byte> key, Span<byte> destination, out int valueLength, Snapshot? snapshot = null)
    {
        EnsureOpen();
        return _inner.TryGet(key, destination, out valueLength, Inner(snapshot));
    }

    /// <summary>
    /// The values of many keys as of one point: element <c>i</c> of the result is the value of
    /// <c>keys[i]</c>, or null. Cheaper than one <see cref="Get"/> per key for more than a few keys: the keys are sorted
    /// once and each memtable and level is visited once.
    /// </summary>
    /// <param name="keys">The keys, in any order; duplicates allowed.</param>
    /// <param name="snapshot">Read as of this snapshot of this store; null reads the latest data (one point for all keys).</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> or one of its keys is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    /// <exception cref="CorruptionException">A table holding a key is damaged.</exception>
    public byte[]?[] MultiGet(IReadOnlyList<byte[]> keys, Snapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        for (int i = 0; i < keys.Count; i++)
        {
            if (keys[i] is null)
            {
                throw new ArgumentNullException(nameof(keys), $"Key {i} is null.");
            }
        }

        EnsureOpen();
        byte[]?[] results = new byte[]?[keys.Count];
        _inner.MultiGet(keys, results, Inner(snapshot));
        return results;
    }

    /// <summary>
    /// <see cref="MultiGet(IReadOnlyList{byte[]}, Snapshot?)"/> of the latest data with the values copied into
    /// <paramref name="values"/>, reused from batch to batch, instead of an array each; for keys read from an index, which
    /// nearly always exist (see <see cref="Lsm.Db.LsmDatabase.MultiGet(IReadOnlyList{byte[]}, Lsm.Db.ValueBatch, bool, Lsm.Db.Snapshot?)"/>).
    /// </summary>
    internal void MultiGetIndexed(IReadOnlyList<byte[]> keys, Lsm.Db.ValueBatch values, Snapshot? snapshot = null)
    {
        EnsureOpen();
        _inner.MultiGet(keys, values, expectPresent: true, Inner(snapshot));
    }

    /// <summary>A zero-copy cursor over the live keys in <see cref="ReadOptions.Range"/>, as of one consistent point. Dispose it.</summary>
    /// <exception cref="ArgumentException">The options' snapshot belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    public DatabaseIterator NewIterator(ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        EnsureOpen();
        return new DatabaseIterator(_inner.NewIterator(new IteratorOptions
        {
            Snapshot = options.Snapshot is null ? null : options.Snapshot.InnerFor(this, nameof(options)),
            LowerBound = options.Range.Lower,
            UpperBound = options.Range.Upper,
        }));
    }

    /// <summary>
    /// The live keys in <paramref name="range"/> with their values, in key order, as copies, for a <c>foreach</c>.
    /// The store is read as of the moment enumeration starts (or as of <paramref name="snapshot"/>); the iterator
    /// underneath is disposed when the enumeration ends or is abandoned (<c>break</c>, an exception).
    /// </summary>
    /// <remarks>Allocates two arrays per pair; use <see cref="NewIterator"/> to read without copying.</remarks>
    /// <param name="range">The keys to visit; <c>default</c> for all.</param>
    /// <param name="snapshot">Read as of this snapshot of this store; null reads the latest data.</param>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed (checked here and when enumeration starts).</exception>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(KeyRange range = default, Snapshot? snapshot = null)
    {
        EnsureOpen();
        _ = Inner(snapshot);
        return ScanCore(new ReadOptions { Range = range, Snapshot = snapshot });
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> ScanCore(ReadOptions options)
    {
        using DatabaseIterator it = NewIterator(options);
        for (it.First(); it.Valid; it.Next())
        {
            yield return new KeyValuePair<byte[], byte[]>(it.Key.ToArray(), it.Value.ToArray());
        }
    }

    private Lsm.Db.Snapshot? Inner(Snapshot? snapshot) => snapshot?.InnerFor(this, nameof(snapshot));
}
