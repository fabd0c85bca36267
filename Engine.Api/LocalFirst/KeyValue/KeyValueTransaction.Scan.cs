using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Threading;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Scans inside a transaction: the snapshot's entries merged with the transaction's own writes, recorded for validation.</summary>
public sealed partial class KeyValueTransaction
{
    /// <summary>
    /// The live entries in <paramref name="range"/> as the transaction sees them: the snapshot's, with its own puts and
    /// deletes applied, in key order (descending with <paramref name="reverse"/>). The part of the range the scan
    /// reaches is validated at commit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transaction has committed or failed to.</exception>
    /// <exception cref="ObjectDisposedException">The transaction or the store is disposed.</exception>
    public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(KeyRange range = default, bool reverse = false, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        _store.Store.ThrowIfDisposed();
        return new SynchronousAsyncEnumerable<KeyValuePair<byte[], byte[]>>(() => ScanMerged(range, reverse), cancellationToken);
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> ScanMerged(KeyRange range, bool reverse)
    {
        EnsureActive();
        ScannedRange scanned = new(range, reverse);
        _scans.Add(scanned);
        List<KeyValuePair<byte[], PendingWrite>> own = [];
        foreach (KeyValuePair<byte[], PendingWrite> write in _writes)
        {
            if (range.Contains(write.Key))
            {
                own.Add(write);
            }
        }

        if (reverse)
        {
            own.Reverse();
        }

        int direction = reverse ? -1 : 1;
        using IEnumerator<KeyValuePair<byte[], byte[]>> committed = _store.ScanEntries(range, reverse, _snapshot).GetEnumerator();
        bool hasCommitted = committed.MoveNext();
        int next = 0;
        while (hasCommitted || next < own.Count)
        {
            int order = !hasCommitted ? 1
                : next == own.Count ? -1
                : direction * committed.Current.Key.AsSpan().SequenceCompareTo(own[next].Key);
            if (order <= 0)
            {
                KeyValuePair<byte[], byte[]> entry = committed.Current;
                scanned.Consume(entry.Key, entry.Value);
                hasCommitted = committed.MoveNext();
                if (order < 0)
                {
                    yield return entry;
                    continue;
                }
            }

            KeyValuePair<byte[], PendingWrite> write = own[next++];
            scanned.Reach(write.Key);
            if (write.Value.Value is { } value)
            {
                yield return new KeyValuePair<byte[], byte[]>((byte[])write.Key.Clone(), (byte[])value.Clone());
            }
        }

        scanned.Complete();
    }

    /// <summary>
    /// The part of a range a scan reached and a digest of the committed live entries in it, to compare with the latest
    /// state at commit.
    /// </summary>
    private sealed class ScannedRange(KeyRange range, bool reverse)
    {
        private readonly XxHash3 _digest = new();
        private byte[]? _edge;
        private bool _complete;

        /// <summary>Adds a committed entry, the next in scan order, to the digest and moves the reached edge to it.</summary>
        public void Consume(byte[] key, byte[] value)
        {
            Append(_digest, key, value);
            _edge = key;
        }

        /// <summary>Moves the reached edge to <paramref name="key"/>, the next in scan order.</summary>
        public void Reach(byte[] key) => _edge = key;

        /// <summary>Marks the whole range reached.</summary>
        public void Complete() => _complete = true;

        /// <summary>The reached part of the range; null when the scan reached nothing.</summary>
        public KeyRange? Reached()
        {
            if (_complete)
            {
                return range;
            }

            if (_edge is null)
            {
                return null;
            }

            // Forward: [start, edge]; reverse: [edge, end). The edge followed by 0x00 is the smallest key above it.
            return reverse
                ? KeyRange.Between(_edge, range.HasUpperBound ? range.UpperBound.ToArray() : null)
                : KeyRange.Between(range.HasLowerBound ? range.LowerBound.ToArray() : null, [.. _edge, 0]);
        }

        /// <summary>True when the scan ran in descending order: validation digests in the same order.</summary>
        public bool Reverse => reverse;

        /// <summary>The digest of the committed live entries consumed so far.</summary>
        public ulong Digest => _digest.GetCurrentHashAsUInt64();

        /// <summary>Appends one entry, each part length-prefixed so that no two sequences digest alike by concatenation.</summary>
        public static void Append(XxHash3 digest, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, key.Length);
            digest.Append(length);
            digest.Append(key);
            BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
            digest.Append(length);
            digest.Append(value);
        }
    }
}
