using System;
using System.Threading;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Memtables;

// The readers' side: positioning and stepping over published nodes. Any thread may call these concurrently
// with the writer; every link is loaded with acquire so the node it leads to is fully written. Node offsets
// returned here are never the head: 0 means "no such entry".
internal sealed partial class ArenaSkipList
{
    /// <summary>The first entry, or 0 when the list is empty.</summary>
    internal int FirstNode() => LoadNext(_head, 0);

    /// <summary>The last entry, or 0 when the list is empty.</summary>
    internal int LastNode()
    {
        int node = _head;
        for (int level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            int next = LoadNext(node, level);
            while (next != 0)
            {
                node = next;
                next = LoadNext(node, level);
            }
        }

        return node == _head ? 0 : node;
    }

    /// <summary>The entry after <paramref name="node"/>, or 0 at the end.</summary>
    internal int NextNode(int node) => LoadNext(node, 0);

    /// <summary>The entry before <paramref name="node"/>, or 0 at the start.</summary>
    internal int PrevNode(int node)
    {
        // The prev link leads to some earlier node; entries inserted since it was set sit between that node
        // and this one, so walk forward until the successor is this node. Usually no step is needed.
        int prev = _slab.ReadInt32Acquire(node + PrevField);
        while (true)
        {
            int next = LoadNext(prev, 0);
            if (next == node)
            {
                return prev == _head ? 0 : prev;
            }

            if (next == 0)
            {
                ThrowHelper.ThrowInternal("skiplist node is unreachable from its prev link");
            }

            prev = next;
        }
    }

    /// <summary>The first entry whose internal key is at least (<paramref name="userKey"/>, <paramref name="trailer"/>), or 0.</summary>
    internal int FindGreaterOrEqual(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        // The writer may link a smaller entry after the predecessor between the search and this load, so step
        // over anything still below the key instead of trusting the first successor.
        int node = LoadNext(FindPredecessor(userKey, trailer), 0);
        while (node != 0 && InternalKey.Compare(userKey, trailer, KeyAt(node)) > 0)
        {
            node = LoadNext(node, 0);
        }

        return node;
    }

    /// <summary>The last entry whose internal key is less than (<paramref name="userKey"/>, <paramref name="trailer"/>), or 0.</summary>
    internal int FindLessThan(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        int node = FindPredecessor(userKey, trailer);
        return node == _head ? 0 : node;
    }

    // The last node (possibly the head) whose key is less than the search key.
    private int FindPredecessor(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        int node = _head;
        for (int level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            int next = LoadNext(node, level);
            while (next != 0 && InternalKey.Compare(userKey, trailer, KeyAt(next)) > 0)
            {
                node = next;
                next = LoadNext(node, level);
            }
        }

        return node;
    }

    private int LoadNext(int node, int level) => _slab.ReadInt32Acquire(NextField(node, level));
}
