using System.Collections.Generic;

namespace Engine.Lsm.Db;

/// <summary>The live snapshots, oldest first, so compaction knows the oldest sequence number still readable.</summary>
/// <remarks>Thread-safe through one internal lock; snapshots are taken in sequence order, so appending keeps the order.</remarks>
internal sealed class SnapshotList
{
    private readonly LinkedList<Snapshot> _list = new();
    private readonly System.Threading.Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _list.Count;
            }
        }
    }

    /// <summary>Takes a snapshot at the sequence number <paramref name="currentSequence"/> returns, read under the lock so the list stays ordered.</summary>
    public Snapshot Add(System.Func<ulong> currentSequence)
    {
        lock (_lock)
        {
            Snapshot snapshot = new(this, currentSequence());
            snapshot.Node = _list.AddLast(snapshot);
            return snapshot;
        }
    }

    /// <summary>The oldest live snapshot's sequence number, or <paramref name="fallback"/> when none is live.</summary>
    public ulong OldestOr(ulong fallback)
    {
        lock (_lock)
        {
            return _list.First is { } first ? first.Value.Sequence : fallback;
        }
    }

    internal void Remove(Snapshot snapshot)
    {
        lock (_lock)
        {
            if (snapshot.Node is { } node)
            {
                _list.Remove(node);
                snapshot.Node = null;
            }
        }
    }
}
