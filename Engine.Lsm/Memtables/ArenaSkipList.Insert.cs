using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Threading;
using Engine.Api;
using Engine.Core.Diagnostics;
using Engine.Core.Errors;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Memtables;

// The writer's side: search for the splice, allocate, write, publish. Only the single writer runs this code,
// so it reads links with plain loads and keeps its state in plain fields.
internal sealed partial class ArenaSkipList
{
    // The splice: for every level, the last node before the key of the latest search (_splicePrev) and the
    // node after it (_spliceNext, 0 for none), with _splicePrev[l].next[l] == _spliceNext[l]. Levels are
    // nested, so _splicePrev[0] is the largest predecessor and _spliceNext[0] the smallest successor: a key
    // strictly between those two can reuse the whole splice, which makes ascending inserts skip the search.
    // Mutable structs: do not make readonly.
    private LevelOffsets _splicePrev;
    private LevelOffsets _spliceNext;

    // xorshift64 state; never 0.
    private ulong _rngState;

    /// <summary>
    /// Inserts the entry (<paramref name="userKey"/> + <paramref name="trailer"/>, <paramref name="value"/>).
    /// Returns false, with nothing inserted or visible, when the arena cannot hold it.
    /// </summary>
    /// <remarks>
    /// Internal keys are unique (sequence numbers are): inserting a key that is already present is a caller bug
    /// and throws without changing the list. Allocates nothing on the GC heap.
    /// </remarks>
    /// <exception cref="StorageException">The internal key is already in the list (InvalidArgument).</exception>
    public bool TryAdd(ReadOnlySpan<byte> userKey, ulong trailer, ReadOnlySpan<byte> value)
    {
        FindSplice(userKey, trailer);

        Invariant.Assert(
            (_splicePrev[0] == _head || InternalKey.Compare(userKey, trailer, KeyAt(_splicePrev[0])) > 0)
                && (_spliceNext[0] == 0 || InternalKey.Compare(userKey, trailer, KeyAt(_spliceNext[0])) < 0),
            "skiplist splice does not bracket the new key");

        int height = RandomHeight();
        int keyLength = userKey.Length + InternalKey.TrailerSize;
        long size = NodeHeaderSize + ((long)LinkSize * height) + (long)keyLength + value.Length;
        int before = _arena.Size;
        if (size > Arena.MaxCapacity || !_arena.TryAllocate((int)size, NodeAlignment, out int node))
        {
            return false;
        }

        // 1. Fill in the node while no reader can reach it.
        _slab.WriteInt32(node + KeyLengthField, keyLength);
        _slab.WriteInt32(node + ValueLengthField, value.Length);
        _slab.WriteInt32(node + HeightField, height);
        _slab.WriteInt32(node + PrevField, _splicePrev[0]);
        for (int level = 0; level < height; level++)
        {
            _slab.WriteInt32(NextField(node, level), _spliceNext[level]);
        }

        Span<byte> entry = _slab.Span(KeyStart(node), keyLength + value.Length);
        userKey.CopyTo(entry);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[userKey.Length..], trailer);
        value.CopyTo(entry[keyLength..]);

        // 2. Publish bottom-up; the level-0 release store makes the entry visible.
        if (height > _height)
        {
            Volatile.Write(ref _height, height);
        }

        for (int level = 0; level < height; level++)
        {
            _slab.WriteInt32Release(NextField(_splicePrev[level], level), node);
        }

        // 3. Fix the successor's backward link; readers tolerate it lagging (see Prev).
        int successor = _spliceNext[0];
        if (successor != 0)
        {
            _slab.WriteInt32Release(successor + PrevField, node);
        }

        // The new node is now the predecessor at its levels; the successors stay the same.
        for (int level = 0; level < height; level++)
        {
            _splicePrev[level] = node;
        }

        Volatile.Write(ref _bytesUsed, _bytesUsed + (_arena.Size - before));
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    // True when the cached splice of the level fits the key: _splicePrev[level] < key <
    // _spliceNext[level]. Equality does not fit, so the search below reports the duplicate.
    private bool SpliceBrackets(int level, ReadOnlySpan<byte> userKey, ulong trailer)
    {
        int prev = _splicePrev[level];
        if (prev != _head && InternalKey.Compare(userKey, trailer, KeyAt(prev)) <= 0)
        {
            return false;
        }

        int next = _spliceNext[level];
        return next == 0 || InternalKey.Compare(userKey, trailer, KeyAt(next)) < 0;
    }

    // A finger search from the cached splice: climbs to the lowest level whose splice still brackets the key, then
    // searches down from there, storing for every level below it the last node before the key and its successor.
    // The splice always holds (levels nest, and levels at or above the height are head and 0), so a key near the
    // previous one (a batch written in key order) costs a few comparisons instead of a search from the head.
    private void FindSplice(ReadOnlySpan<byte> userKey, ulong trailer)
    {
        int height = _height;
        int level = 0;
        while (level < height && !SpliceBrackets(level, userKey, trailer))
        {
            level++;
        }

        if (level == 0)
        {
            return;
        }

        int node = level < MaxHeight ? _splicePrev[level] : _head;
        int cmp = -1;
        for (level--; level >= 0; level--)
        {
            int next = _slab.ReadInt32(NextField(node, level));
            cmp = -1;
            while (next != 0 && (cmp = InternalKey.Compare(userKey, trailer, KeyAt(next))) > 0)
            {
                node = next;
                next = _slab.ReadInt32(NextField(node, level));
                cmp = -1;
            }

            _splicePrev[level] = node;
            _spliceNext[level] = next;
        }

        if (cmp == 0)
        {
            ThrowHelper.ThrowInvalidArgument("the internal key is already in the skiplist");
        }
    }

    // Tower heights with p = 1/4 per extra level: every two trailing zero bits of a random word add one.
    private int RandomHeight()
    {
        ulong x = _rngState;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        _rngState = x;
        int height = 1 + (BitOperations.TrailingZeroCount(x) / 2);
        return height < MaxHeight ? height : MaxHeight;
    }

    // SplitMix64 of the seed, so that nearby seeds give unrelated sequences and the state is never 0.
    private static ulong SeedState(ulong seed)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z != 0 ? z : 0x9E3779B97F4A7C15UL;
    }
}
