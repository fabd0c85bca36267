using System.Collections.Generic;

namespace Engine.Lsm.Db;

/// <summary>The live snapshots, oldest first, so compaction knows which versions a reader can still see.</summary>
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

    /// <summary>
    /// The sequence numbers of the live snapshots and <paramref name="visible"/>, ascending and distinct: the stripe
    /// boundaries a compaction keeps versions for.
    /// </summary>
    public ulong[] Boundaries(ulong visible) => Boundaries(visible, out _);

    /// <summary>
    /// <see cref="Boundaries(ulong)"/>, with the newest live snapshot's sequence number read under the same lock (0 when
    /// there is none): a compaction filter leaves alone every version at or below it.
    /// </summary>
    public ulong[] Boundaries(ulong visible, out ulong newestSnapshot)
    {
        List<ulong> boundaries;
        lock (_lock)
        {
            newestSnapshot = _list.Last?.Value.Sequence ?? 0;
            boundaries = new List<ulong>(_list.Count + 1);
            foreach (Snapshot snapshot in _list)
            {
                if (boundaries.Count == 0 || boundaries[^1] != snapshot.Sequence)
                {
                    boundaries.Add(snapshot.Sequence);
                }
            }
        }

        if (boundaries.Count == 0 || boundaries[^1] < visible)
        {
            boundaries.Add(visible);
        }

        return boundaries.ToArray();
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
