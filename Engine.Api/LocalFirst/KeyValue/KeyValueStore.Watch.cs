using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Api.LocalFirst.Feed;
using Engine.Lsm.Keys;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>The change feed of a namespace: its puts and deletes as they commit.</summary>
public sealed partial class KeyValueStore
{
    /// <summary>
    /// Every committed change to a key of this namespace that starts with <paramref name="prefix"/>, in commit order,
    /// from <paramref name="fromSequence"/> on (null: from the next commit). Keys are user keys; a put's value is the
    /// value written (without its time to live). Expiry is not a change and is not delivered. The enumeration ends
    /// only when cancelled, or with <see cref="ChangeFeedFellBehindException"/> when the watcher is behind everything
    /// the store retains (docs/local-first.md, "Change feed").
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public IAsyncEnumerable<ChangeEvent> WatchAsync(ReadOnlyMemory<byte> prefix = default, ulong? fromSequence = null, CancellationToken cancellationToken = default)
    {
        _store.ThrowIfDisposed();
        _keys.Check(prefix.Span, nameof(prefix));
        byte[] enginePrefix = [.. _keys.Prefix, .. prefix.Span];
        int strip = _keys.Prefix.Length;
        return _store.Feed.WatchAsync(enginePrefix, fromSequence, (sequence, kind, key, value) => Map(sequence, kind, key, value, strip), cancellationToken);
    }

    /// <summary>The sequence number the next committed change of the store will have.</summary>
    public ulong NextChangeSequence => _store.Feed.NextSequence;

    private ChangeEvent? Map(ulong sequence, KeyKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int strip)
    {
        byte[] userKey = key[strip..].ToArray();
        switch (kind)
        {
            case KeyKind.Set:
                if (!KeyValueEntry.TryRead(value, out _, out int offset))
                {
                    throw new CorruptionException(_store.Directory, key, "a committed key-value entry has a damaged header");
                }

                return new PutEvent(sequence, userKey, value[offset..].ToArray());
            case KeyKind.Delete:
                return new DeleteEvent(sequence, userKey);
            case KeyKind.RangeDelete:
                return new RangeDeleteEvent(sequence, userKey, value.IsEmpty ? null : value[strip..].ToArray());
            default:
                return null;
        }
    }
}
