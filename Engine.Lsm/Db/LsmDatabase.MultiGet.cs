using System;
using System.Collections.Generic;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;
using Engine.Lsm.Sst;


namespace Engine.Lsm.Db;

/// <summary>Batched point reads: many keys at one sequence number, one pass per source.</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Reads every key of <paramref name="keys"/> as of one point (the snapshot's, or the latest) and stores each value,
    /// or null, at the same index of <paramref name="results"/>.
    /// </summary>
    /// <remarks>
    /// The keys are sorted once, then each memtable, each L0 table and each deeper level is visited once, walking the
    /// sorted keys that are still undecided: a level's tables are matched by a merge walk instead of a binary search per
    /// key, and a table is leased once for all the keys it may hold. A key's first entry at or below the sequence number
    /// decides, exactly as in <see cref="Get"/>. Allocates the sort order, per-key state and the values returned.
    /// </remarks>
    public void MultiGet(IReadOnlyList<byte[]> keys, byte[]?[] results, Snapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfLessThan(results.Length, keys.Count);
        MultiGetCore(keys, results, null, snapshot);
    }

    /// <summary>
    /// <see cref="MultiGet(IReadOnlyList{byte[]}, byte[][], Snapshot?)"/> with the values copied into
    /// <paramref name="values"/> (reset here for <paramref name="keys"/>) rather than an array each. With
    /// <paramref name="expectPresent"/> (keys read from an index, which nearly always exist), the deepest level's tables
    /// are searched without asking their filters: a key not found above is almost surely there, so the filter would
    /// only cost its hashing and a cache miss (as RocksDB's <c>optimize_filters_for_hits</c>).
    /// </summary>
    public void MultiGet(IReadOnlyList<byte[]> keys, ValueBatch values, bool expectPresent, Snapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        values.Reset(keys.Count);
        MultiGetCore(keys, null, values, snapshot, expectPresent);
    }

    private void MultiGetCore(IReadOnlyList<byte[]> keys, byte[]?[]? results, ValueBatch? values, Snapshot? snapshot, bool expectPresent = false)
    {
        EnsureOpen();
        int count = keys.Count;
        if (count == 0)
        {
            return;
        }

        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        // A listing's page often asks for its keys already in order; checking costs a pass, sorting far more.
        if (!IsAscending(keys))
        {
            byte[][] sortKeys = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                sortKeys[i] = keys[i];
            }

            order.AsSpan().Sort(new KeyOrder(sortKeys));
        }

        MultiGetState batch = new(keys, order, results, values);
        using ReadState state = AcquireReadState(snapshot, out ulong sequence);
        MultiGetMemtable(state.Memtable, batch, sequence);
        foreach (Memtable immutable in state.Immutables)
        {
            MultiGetMemtable(immutable, batch, sequence);
        }

        TreeVersion version = state.Version;
        foreach (FileMetadata file in version.Files(0))
        {
            MultiGetTable(file, batch, sequence, 0, count, useFilter: true);
        }

        int deepest = TreeVersion.LevelCount - 1;
        while (deepest > 0 && version.LevelFiles(deepest).Length == 0)
        {
            deepest--;
        }

        ulong searchTrailer = SequenceNumber.MakeTrailer(sequence, KeyKind.Max);
        for (int level = 1; level < TreeVersion.LevelCount && batch.Undecided > 0; level++)
        {
            MultiGetLevel(version.LevelFiles(level), batch, sequence, searchTrailer, useFilter: !(expectPresent && level == deepest));
        }

        // Keys found nowhere have no value (a value batch starts that way).
        for (int i = 0; results is not null && i < count; i++)
        {
            if (!batch.Decided[i])
            {
                results[i] = null;
            }
        }
    }

    private static void MultiGetMemtable(Memtable memtable, MultiGetState batch, ulong sequence)
    {
        foreach (int i in batch.Order)
        {
            if (!batch.Decided[i]
                && TryGetFromMemtable(memtable, batch.Keys[i], sequence, ref batch.Covering[i], out ulong trailer, out ReadOnlySpan<byte> value))
            {
                batch.Decide(i, trailer, value);
            }
        }
    }

    /// <summary>Matches the level's tables to the sorted keys with one merge walk, then looks each run of keys up in its table.</summary>
    private void MultiGetLevel(FileMetadata[] files, MultiGetState batch, ulong sequence, ulong searchTrailer, bool useFilter)
    {
        int file = 0;
        int position = 0;
        int[] order = batch.Order;
        while (position < order.Length && file < files.Length)
        {
            ReadOnlySpan<byte> key = batch.Keys[order[position]];
            if (InternalKey.Compare(key, searchTrailer, files[file].Largest) > 0)
            {
                file++;
                continue;
            }

            if (files[file].SmallestUserKey.SequenceCompareTo(key) > 0)
            {
                position++;
                continue;
            }

            // Keys from here up to the table's largest key are the table's to answer.
            int end = position + 1;
            while (end < order.Length && InternalKey.Compare(batch.Keys[order[end]], searchTrailer, files[file].Largest) <= 0)
            {
                end++;
            }

            MultiGetTable(files[file], batch, sequence, position, end, useFilter);
            position = end;
            file++;
        }
    }

    /// <summary>Looks up the undecided keys at sorted positions <c>[from, to)</c> that fall in <paramref name="file"/>'s bounds.</summary>
    private void MultiGetTable(FileMetadata file, MultiGetState batch, ulong sequence, int from, int to, bool useFilter)
    {
        // The sorted keys within the table's bounds, found by two binary searches rather than two compares per key.
        int begin = batch.FirstAtOrAfter(file.SmallestUserKey, from, to, inclusive: true);
        int end = batch.FirstAtOrAfter(file.LargestUserKey, begin, to, inclusive: false);
        TableLease lease = default;
        SstReader.AscendingLookup lookup = default;
        try
        {
            IReadOnlyList<RangeTombstone>? tombstones = null;
            for (int position = begin; position < end; position++)
            {
                int i = batch.Order[position];
                if (batch.Decided[i])
                {
                    continue;
                }

                ReadOnlySpan<byte> key = batch.Keys[i];
                if (!lease.IsActive)
                {
                    lease = _tables.Acquire(file);
                    lookup = new SstReader.AscendingLookup(lease.Reader, sequence, useFilter);
                    tombstones = lease.Reader.RangeTombstones;
                }

                for (int t = 0; t < tombstones!.Count; t++)
                {
                    RangeTombstone tombstone = tombstones[t];
                    if (tombstone.Sequence <= sequence && tombstone.Sequence > batch.Covering[i]
                        && key.SequenceCompareTo(tombstone.Start) >= 0 && key.SequenceCompareTo(tombstone.End) < 0)
                    {
                        batch.Covering[i] = tombstone.Sequence;
                    }
                }

                // The keys come in ascending order, so the lookup reads each data block once for all its keys.
                if (lookup.TryGet(key, out ulong trailer, out ReadOnlySpan<byte> value))
                {
                    batch.Decide(i, trailer, value);
                }
            }
        }
        finally
        {
            lookup.Dispose();

            lease.Dispose();
        }
    }

    private static bool IsAscending(IReadOnlyList<byte[]> keys)
    {
        for (int i = 1; i < keys.Count; i++)
        {
            if (keys[i - 1].AsSpan().SequenceCompareTo(keys[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Orders key indices by their keys, bytewise; a struct so the sort specializes on it.</summary>
    private readonly struct KeyOrder(byte[][] keys) : IComparer<int>
    {
        public int Compare(int x, int y) => keys[x].AsSpan().SequenceCompareTo(keys[y]);
    }

    /// <summary>The keys of one multi-get, their sorted order, and what is known of each so far.</summary>
    /// <remarks>Belongs to one call on one thread.</remarks>
    private sealed class MultiGetState(IReadOnlyList<byte[]> keys, int[] order, byte[]?[]? results, ValueBatch? values)
    {
        public IReadOnlyList<byte[]> Keys { get; } = keys;

        /// <summary>Indices into <see cref="Keys"/>, keys ascending.</summary>
        public int[] Order { get; } = order;

        /// <summary>Per key: its first entry at or below the sequence number was found.</summary>
        public bool[] Decided { get; } = new bool[keys.Count];

        /// <summary>Per key: the newest range tombstone covering it met so far (same or newer sources than the next).</summary>
        public ulong[] Covering { get; } = new ulong[keys.Count];

        public int Undecided { get; private set; } = keys.Count;

        /// <summary>
        /// The first sorted position in <c>[from, to)</c> whose key sorts after <paramref name="bound"/>, or at it when
        /// <paramref name="inclusive"/>; <paramref name="to"/> when none does.
        /// </summary>
        public int FirstAtOrAfter(ReadOnlySpan<byte> bound, int from, int to, bool inclusive)
        {
            int lo = from;
            int hi = to;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                int c = Keys[Order[mid]].AsSpan().SequenceCompareTo(bound);
                if (c < 0 || (c == 0 && !inclusive))
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        public void Decide(int index, ulong trailer, ReadOnlySpan<byte> value)
        {
            bool live = IsLive(trailer, Covering[index]);
            if (results is not null)
            {
                results[index] = live ? value.ToArray() : null;
            }
            else if (live)
            {
                values!.Set(index, value);
            }

            Decided[index] = true;
            Undecided--;
        }
    }
}
