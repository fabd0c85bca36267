using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Core.Errors;

namespace Engine.Lsm.Cache;

/// <summary>
/// One shard of the <see cref="BlockCache"/>: a dictionary from key to slot, a flat array of slots, and a CLOCK hand
/// that sweeps the slots for a victim when an insert needs room.
/// </summary>
/// <remarks>
/// <para>
/// A slot is free (on the free list), resident (in the dictionary and charged to <see cref="UsageBytes"/>), or
/// detached: erased while pinned, so it is neither found nor charged, and its buffer returns to the pool when the last
/// pin goes. A slot's generation changes each time it is freed, so a lease can tell its slot from a reuse of it.
/// </para>
/// <para>
/// The hand skips pinned slots, clears the reference bit of a referenced one (its second chance) and evicts the first
/// unpinned, unreferenced resident slot. Hits set the bit; inserts leave it clear, so a block read once (a scan) goes
/// before any block read again since the hand last passed it.
/// </para>
/// <para>
/// Thread-safe: every member takes the shard's lock, held for a dictionary operation and a few field writes (an
/// eviction adds a bounded sweep); decoding happens outside it.
/// </para>
/// </remarks>
internal sealed class BlockCacheShard
{
    private readonly Lock _lock = new();
    private readonly long _capacity;

    // lock: every field below.
    private readonly Dictionary<BlockCacheKey, int> _index = [];
    private Slot[] _slots = new Slot[16];
    private int _slotCount;
    private int _freeHead = -1;
    private int _hand;
    private long _usage;

    // Written under the lock; read without it (Volatile) for metrics.
    private long _hits;
    private long _misses;
    private long _inserts;
    private long _evictions;

    public BlockCacheShard(long capacityBytes)
    {
        _capacity = capacityBytes;
    }

    /// <summary>The shard's budget in bytes.</summary>
    public long CapacityBytes => _capacity;

    /// <summary>Bytes of the pooled buffers of resident blocks (their rented lengths, which the pool rounds up).</summary>
    public long UsageBytes => Volatile.Read(ref _usage);

    public long Hits => Volatile.Read(ref _hits);

    public long Misses => Volatile.Read(ref _misses);

    public long Inserts => Volatile.Read(ref _inserts);

    public long Evictions => Volatile.Read(ref _evictions);

    /// <summary>Resident blocks.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>True when <paramref name="key"/> is resident; touches no counter or reference bit.</summary>
    public bool Contains(in BlockCacheKey key)
    {
        lock (_lock)
        {
            return _index.ContainsKey(key);
        }
    }

    /// <summary>Pins the block of <paramref name="key"/> if resident (a hit), else counts a miss.</summary>
    public bool TryGet(in BlockCacheKey key, out BlockLease lease)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out int slot))
            {
                _hits++;
                lease = PinLocked(slot, referenced: true);
                return true;
            }

            _misses++;
        }

        lease = default;
        return false;
    }

    /// <summary>
    /// Makes <paramref name="buffer"/> (rented from <see cref="BlockBufferPool"/>, holding <paramref name="length"/>
    /// bytes of the block) the resident copy of <paramref name="key"/>, evicting as needed, and returns a lease on it.
    /// When another thread inserted the key first, its copy is pinned and <paramref name="buffer"/> goes back to the pool;
    /// when no room can be made (everything else is pinned, or the buffer exceeds the shard), the lease owns the buffer.
    /// </summary>
    public BlockLease Insert(in BlockCacheKey key, byte[] buffer, int length)
    {
        long charge = buffer.Length;
        byte[]? surplus = null;
        BlockLease lease;
        lock (_lock)
        {
            if (_index.TryGetValue(key, out int existing))
            {
                lease = PinLocked(existing, referenced: true);
                surplus = buffer;
            }
            else if (charge > _capacity || !MakeRoomLocked(charge))
            {
                lease = new BlockLease(buffer, length);
            }
            else
            {
                int slot = AllocateSlotLocked();
                ref Slot s = ref _slots[slot];
                s.Key = key;
                s.Buffer = buffer;
                s.Length = length;
                s.Resident = true;
                s.Referenced = false;
                _index.Add(key, slot);
                _usage += charge;
                _inserts++;
                lease = PinLocked(slot, referenced: false);
            }
        }

        if (surplus is not null)
        {
            BlockBufferPool.Shared.Return(surplus);
        }

        return lease;
    }

    /// <summary>Drops every resident block of table <paramref name="fileNumber"/>; pinned ones go when released.</summary>
    public void EraseFile(ulong fileNumber)
    {
        lock (_lock)
        {
            for (int slot = 0; slot < _slotCount; slot++)
            {
                ref Slot s = ref _slots[slot];
                if (s.Resident && s.Key.FileNumber == fileNumber)
                {
                    DetachLocked(slot);
                }
            }
        }
    }

    /// <summary>Drops one pin of a lease on <paramref name="slot"/>; frees a detached slot on its last pin.</summary>
    internal void Release(int slot, int generation)
    {
        lock (_lock)
        {
            ref Slot s = ref _slots[slot];
            if (s.Generation != generation || s.Pins <= 0)
            {
                ThrowHelper.ThrowInternal("a block cache lease was released twice");
            }

            s.Pins--;
            if (s.Pins == 0 && !s.Resident)
            {
                FreeSlotLocked(slot);
            }
        }
    }

    private BlockLease PinLocked(int slot, bool referenced)
    {
        ref Slot s = ref _slots[slot];
        s.Pins++;
        s.Referenced |= referenced;
        return new BlockLease(this, slot, s.Generation, s.Buffer!, s.Length);
    }

    /// <summary>Evicts until <paramref name="charge"/> more bytes fit; false when the unpinned blocks do not free enough.</summary>
    private bool MakeRoomLocked(long charge)
    {
        while (_usage + charge > _capacity)
        {
            if (!EvictOneLocked())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Advances the hand to the first unpinned, unreferenced resident slot and evicts it, clearing reference bits on the
    /// way. Two turns suffice: the first clears every bit it passes. False when every resident slot is pinned.
    /// </summary>
    private bool EvictOneLocked()
    {
        for (int step = 2 * _slotCount; step > 0; step--)
        {
            int slot = _hand;
            _hand = slot + 1 == _slotCount ? 0 : slot + 1;
            ref Slot s = ref _slots[slot];
            if (!s.Resident || s.Pins > 0)
            {
                continue;
            }

            if (s.Referenced)
            {
                s.Referenced = false;
                continue;
            }

            DetachLocked(slot);
            _evictions++;
            return true;
        }

        return false;
    }

    /// <summary>Takes a resident slot out of the dictionary and the budget; frees it unless pinned.</summary>
    private void DetachLocked(int slot)
    {
        ref Slot s = ref _slots[slot];
        _index.Remove(s.Key);
        _usage -= s.Buffer!.Length;
        s.Resident = false;
        if (s.Pins == 0)
        {
            FreeSlotLocked(slot);
        }
    }

    private int AllocateSlotLocked()
    {
        if (_freeHead >= 0)
        {
            int slot = _freeHead;
            _freeHead = _slots[slot].NextFree;
            return slot;
        }

        if (_slotCount == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        return _slotCount++;
    }

    private void FreeSlotLocked(int slot)
    {
        ref Slot s = ref _slots[slot];
        BlockBufferPool.Shared.Return(s.Buffer!);
        s.Buffer = null;
        s.Length = 0;
        s.Key = default;
        s.Referenced = false;
        s.Generation++;
        s.NextFree = _freeHead;
        _freeHead = slot;
    }

    /// <summary>One cache entry. Mutable struct: always reach it through <c>ref _slots[i]</c>, never by copy.</summary>
    private struct Slot
    {
        public BlockCacheKey Key;
        public byte[]? Buffer;
        public int Length;
        public int Pins;
        public int Generation;
        public int NextFree;
        public bool Referenced;
        public bool Resident;
    }
}
