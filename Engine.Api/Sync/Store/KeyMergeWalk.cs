using System;
using System.Collections.Generic;
using Engine.Api.Sync.Keys;

namespace Engine.Api.Sync.Store;

/// <summary>
/// Walks two syncs' keys of one keyspace side by side in key order (each possibly in its own store) and pairs the
/// records with the same key tail (the same id): the shape every diff and merge of syncs takes, with no decoding.
/// </summary>
/// <remarks>One thread; dispose to release both scans.</remarks>
internal sealed class KeyMergeWalk : IDisposable
{
    private readonly IEnumerator<KeyValuePair<byte[], byte[]>> _left;
    private readonly IEnumerator<KeyValuePair<byte[], byte[]>> _right;
    private bool _leftValid;
    private bool _rightValid;

    /// <param name="left">The left sync's scan of one keyspace.</param>
    /// <param name="right">The right sync's scan of the same keyspace.</param>
    public KeyMergeWalk(IEnumerable<KeyValuePair<byte[], byte[]>> left, IEnumerable<KeyValuePair<byte[], byte[]>> right)
    {
        _left = left.GetEnumerator();
        _right = right.GetEnumerator();
        _leftValid = _left.MoveNext();
        _rightValid = _right.MoveNext();
    }

    /// <summary>The left record of the current pair (key, value), or null when only the right has the id.</summary>
    public KeyValuePair<byte[], byte[]>? Left { get; private set; }

    /// <summary>The right record of the current pair, or null when only the left has the id.</summary>
    public KeyValuePair<byte[], byte[]>? Right { get; private set; }

    /// <summary>Moves to the next id present on either side.</summary>
    public bool MoveNext()
    {
        if (!_leftValid && !_rightValid)
        {
            Left = Right = null;
            return false;
        }

        int order = !_leftValid ? 1 : !_rightValid ? -1 : Tail(_left.Current.Key).SequenceCompareTo(Tail(_right.Current.Key));
        Left = order <= 0 ? _left.Current : null;
        Right = order >= 0 ? _right.Current : null;
        if (order <= 0)
        {
            _leftValid = _left.MoveNext();
        }

        if (order >= 0)
        {
            _rightValid = _right.MoveNext();
        }

        return true;
    }

    public void Dispose()
    {
        _left.Dispose();
        _right.Dispose();
    }

    private static ReadOnlySpan<byte> Tail(byte[] key) => key.AsSpan(SyncKeys.SyncPrefixLength);
}
