using System;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Threading;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Memtables;

/// <summary>
/// The in-memory write buffer: recent entries in two <see cref="ArenaSkipList"/>s that share one
/// <see cref="Arena"/>, one for point entries (<see cref="KeyKind.Set"/>, <see cref="KeyKind.Delete"/>) and
/// one for range tombstones (<see cref="KeyKind.RangeDelete"/>: key = start user key + trailer, value =
/// exclusive end user key).
/// </summary>
/// <remarks>
/// <para>
/// One arena means one capacity budget: <see cref="ApproximateMemoryUsage"/> is the number the flush policy
/// compares with the write-buffer size, and the memtable is full when either list cannot take the next
/// entry. Range tombstones get their own list because reads ask different questions of them (coverage of a
/// user key instead of the newest version of it) and they are rare, so scanning them stays cheap.
/// </para>
/// <para>
/// Thread-safety: one writer at a time calls <see cref="TryAdd"/> (the commit pipeline serialises them);
/// any number of threads may read and iterate concurrently without locks (see <see cref="ArenaSkipList"/>
/// for the publication protocol).
/// </para>
/// </remarks>
#pragma warning disable CA1001 // The arena is freed by the last Release (reference counted), not by a Dispose.
internal sealed class Memtable
#pragma warning restore CA1001
{
    /// <summary>The arena bytes an empty memtable takes (reserved bytes and both list heads), an upper bound.</summary>
    public const int FixedOverhead = Arena.ReservedBytes + (2 * ArenaSkipList.EmptyListSize);

    // Distinguishes the range-tombstone list's height sequence from the point list's.
    private const ulong RangeDeleteSeedSalt = 0x5DEECE66DUL;

    private readonly Arena _arena;

    // The creator's reference plus one per read state that lists the memtable; see Acquire and Release.
    private RefCount _references = new(1);
    private readonly ArenaSkipList _points;
    private readonly ArenaSkipList _rangeDeletes;

    // Written by the single writer; read by any thread through Volatile. _smallestSequence is
    // ulong.MaxValue while the memtable is empty.
    private ulong _largestSequence;
    private ulong _smallestSequence = ulong.MaxValue;

    /// <summary>Creates an empty memtable.</summary>
    /// <param name="capacityBytes">The arena size, in bytes; from <see cref="FixedOverhead"/> + 1 to <see cref="Arena.MaxCapacity"/>.</param>
    /// <param name="seed">Seeds the skiplists' tower heights; a fixed seed gives a reproducible shape.</param>
    /// <exception cref="StorageException"><paramref name="capacityBytes"/> is out of range (InvalidArgument).</exception>
    public Memtable(int capacityBytes, ulong seed = 0)
    {
        if (capacityBytes <= FixedOverhead || capacityBytes > Arena.MaxCapacity)
        {
            ThrowHelper.ThrowInvalidArgument($"memtable capacity {capacityBytes} is outside [{FixedOverhead + 1}, {Arena.MaxCapacity}]");
        }

        _arena = new Arena(capacityBytes);
        _points = new ArenaSkipList(_arena, seed);
        _rangeDeletes = new ArenaSkipList(_arena, seed ^ RangeDeleteSeedSalt);
    }

    /// <summary>Takes a reference for a holder that reads the memtable (a read state); the caller holds one already.</summary>
    public void Acquire() => _references.Acquire();

    /// <summary>
    /// Drops a reference. The last one frees the arena: after it, nothing may read or write this memtable. A memtable
    /// never released frees its arena when it becomes unreachable.
    /// </summary>
    public void Release()
    {
        if (_references.Release())
        {
            _arena.Dispose();
        }
    }

    /// <summary>True once the last reference was released and the arena freed; for tests.</summary>
    internal bool IsFreed => _arena.Slab.IsDisposed;

    /// <summary>The arena capacity in bytes.</summary>
    public int Capacity => _arena.Capacity;

    /// <summary>The arena bytes in use, in bytes: nodes, keys, values, padding and the fixed overhead.</summary>
    public int ApproximateMemoryUsage => _arena.Size;

    /// <summary>The number of entries, point entries and range tombstones together.</summary>
    public int Count => _points.Count + _rangeDeletes.Count;

    /// <summary>The number of point entries (sets and deletes).</summary>
    public int PointCount => _points.Count;

    /// <summary>The number of range tombstones.</summary>
    public int RangeTombstoneCount => _rangeDeletes.Count;

    /// <summary>True when nothing has been added.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The largest sequence number added so far; 0 while empty.</summary>
    public ulong LargestSequence => Volatile.Read(ref _largestSequence);

    /// <summary>The smallest sequence number added so far; 0 while empty.</summary>
    public ulong SmallestSequence
    {
        get
        {
            ulong smallest = Volatile.Read(ref _smallestSequence);
            return smallest == ulong.MaxValue ? 0 : smallest;
        }
    }

    /// <summary>
    /// The largest number of arena bytes one entry can take, key, value, node and padding included. A memtable
    /// of capacity <see cref="FixedOverhead"/> + this value always accepts the entry when empty.
    /// </summary>
    /// <exception cref="StorageException">A length is negative (InvalidArgument).</exception>
    public static long EntryOverhead(int userKeyLength, int valueLength)
    {
        if (userKeyLength < 0 || valueLength < 0)
        {
            ThrowHelper.ThrowInvalidArgument($"negative entry length: key {userKeyLength}, value {valueLength}");
        }

        return ArenaSkipList.MaxNodeSize(userKeyLength + InternalKey.TrailerSize, valueLength);
    }

    /// <summary>
    /// Adds an entry. A <see cref="KeyKind.RangeDelete"/> covers [<paramref name="userKey"/>,
    /// <paramref name="value"/>). Returns false, with nothing added, when the arena cannot hold the entry.
    /// </summary>
    /// <exception cref="StorageException">The sequence number or kind is invalid, or the same sequence number
    /// and kind were already added for this key (InvalidArgument).</exception>
    public bool TryAdd(ulong sequence, KeyKind kind, ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value)
    {
        if (sequence > SequenceNumber.Max)
        {
            ThrowHelper.ThrowInvalidArgument($"sequence number {sequence} exceeds {SequenceNumber.Max}");
        }

        if (kind is not (KeyKind.Set or KeyKind.Delete or KeyKind.RangeDelete))
        {
            ThrowHelper.ThrowInvalidArgument($"key kind {kind} cannot be stored in a memtable");
        }

        ArenaSkipList list = kind == KeyKind.RangeDelete ? _rangeDeletes : _points;
        if (!list.TryAdd(userKey, SequenceNumber.MakeTrailer(sequence, kind), value))
        {
            return false;
        }

        if (sequence > _largestSequence)
        {
            Volatile.Write(ref _largestSequence, sequence);
        }

        if (sequence < _smallestSequence)
        {
            Volatile.Write(ref _smallestSequence, sequence);
        }

        return true;
    }

    /// <summary>
    /// Finds the newest point entry for <paramref name="userKey"/> whose sequence number is at most
    /// <paramref name="snapshotSequence"/>. Its kind (in <paramref name="trailer"/>) tells a value from a
    /// point tombstone; range tombstones are not consulted. <paramref name="value"/> points into the arena.
    /// </summary>
    public bool TryGetLatest(ReadOnlySpan<byte> userKey, ulong snapshotSequence, out ulong trailer, out ReadOnlySpan<byte> value)
    {
        // KeyKind.Max makes the search key sort before every stored entry of the snapshot's sequence number,
        // and after every entry of a newer one.
        ulong snapshot = Math.Min(snapshotSequence, SequenceNumber.Max);
        int node = _points.FindGreaterOrEqual(userKey, SequenceNumber.MakeTrailer(snapshot, KeyKind.Max));
        if (node != 0)
        {
            ReadOnlySpan<byte> key = _points.KeyAt(node);
            if (InternalKey.UserKey(key).SequenceEqual(userKey))
            {
                trailer = InternalKey.Trailer(key);
                value = _points.ValueAt(node);
                return true;
            }
        }

        trailer = 0;
        value = default;
        return false;
    }

    /// <summary>
    /// The largest sequence number, at most <paramref name="snapshotSequence"/>, of the range tombstones
    /// [start, end) with start &lt;= <paramref name="userKey"/> &lt; end; 0 when none covers the key.
    /// </summary>
    public ulong MaxCoveringRangeTombstoneSequence(ReadOnlySpan<byte> userKey, ulong snapshotSequence)
    {
        // A linear scan in start-key order: range tombstones are rare, and the scan stops at the first
        // tombstone that starts after the key.
        ulong best = 0;
        for (int node = _rangeDeletes.FirstNode(); node != 0; node = _rangeDeletes.NextNode(node))
        {
            ReadOnlySpan<byte> key = _rangeDeletes.KeyAt(node);
            if (InternalKey.UserKey(key).SequenceCompareTo(userKey) > 0)
            {
                break;
            }

            ulong sequence = SequenceNumber.SequenceOf(InternalKey.Trailer(key));
            if (sequence > best && sequence <= snapshotSequence && userKey.SequenceCompareTo(_rangeDeletes.ValueAt(node)) < 0)
            {
                best = sequence;
            }
        }

        return best;
    }

    /// <summary>
    /// True when the memtable holds a point entry for a user key in <c>[<paramref name="smallest"/>,
    /// <paramref name="largest"/>]</c>, or a range tombstone reaching into it, at any sequence number.
    /// </summary>
    public bool HoldsKeyIn(ReadOnlySpan<byte> smallest, ReadOnlySpan<byte> largest)
    {
        // The first entry at or after the smallest key: MAX sorts before every entry of that key.
        int node = _points.FindGreaterOrEqual(smallest, SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Max));
        if (node != 0 && InternalKey.UserKey(_points.KeyAt(node)).SequenceCompareTo(largest) <= 0)
        {
            return true;
        }

        for (int tombstone = _rangeDeletes.FirstNode(); tombstone != 0; tombstone = _rangeDeletes.NextNode(tombstone))
        {
            if (InternalKey.UserKey(_rangeDeletes.KeyAt(tombstone)).SequenceCompareTo(largest) > 0)
            {
                break;
            }

            if (smallest.SequenceCompareTo(_rangeDeletes.ValueAt(tombstone)) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Iterates over the point entries in internal-key order.</summary>
    public SkipListIterator NewPointIterator() => new(_points);

    /// <summary>Iterates over the range tombstones in internal-key order of their start keys.</summary>
    public SkipListIterator NewRangeTombstoneIterator() => new(_rangeDeletes);
}
