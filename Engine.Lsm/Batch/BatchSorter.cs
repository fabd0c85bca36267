using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Batch;

/// <summary>
/// Rewrites a batch with its operations in key order, so that committing it inserts into the memtable in ascending
/// order (each insert a short finger search from the previous one instead of a search from the skiplist's head).
/// </summary>
/// <remarks>
/// The result means the same as the source: operations on different keys are independent, and the sort is stable, so
/// operations on one key keep their order (and so their relative sequence numbers). A batch with a range delete is not
/// sorted, because moving a point operation across a range delete changes which one wins. Stateless; thread-safe.
/// </remarks>
internal static class BatchSorter
{
    /// <summary>
    /// Writes <paramref name="source"/>'s operations into the empty <paramref name="target"/> in key order; false, with
    /// <paramref name="target"/> untouched, when <paramref name="source"/> holds a range delete or fewer than two operations.
    /// </summary>
    public static bool TrySortInto(WriteBatch source, WriteBatch target)
    {
        if (source.Count < 2)
        {
            return false;
        }

        ReadOnlySpan<byte> data = source.Data;
        byte[] copy = ArrayPool<byte>.Shared.Rent(data.Length);
        Entry[] entries = ArrayPool<Entry>.Shared.Rent(source.Count);
        try
        {
            data.CopyTo(copy);
            int count = Gather(copy.AsSpan(0, data.Length), entries);
            if (count < 0)
            {
                return false;
            }

            SortByKey(copy, entries.AsSpan(0, count));
            foreach (ref readonly Entry entry in entries.AsSpan(0, count))
            {
                ReadOnlySpan<byte> key = copy.AsSpan(entry.KeyOffset, entry.KeyLength);
                if (entry.Kind == KeyKind.Set)
                {
                    target.Put(key, copy.AsSpan(entry.ValueOffset, entry.ValueLength));
                }
                else
                {
                    target.Delete(key);
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<Entry>.Shared.Return(entries);
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    // Records every operation's key and value position; -1 at the first range delete.
    private static int Gather(ReadOnlySpan<byte> data, Entry[] entries)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        BatchReader reader = new(data, "<batch>", 0);
        int count = 0;
        while (reader.TryReadNext(out KeyKind kind, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
        {
            if (kind == KeyKind.RangeDelete)
            {
                return -1;
            }

            int keyOffset = (int)Unsafe.ByteOffset(ref start, ref MemoryMarshal.GetReference(key));
            int valueOffset = value.IsEmpty ? 0 : (int)Unsafe.ByteOffset(ref start, ref MemoryMarshal.GetReference(value));
            entries[count] = new Entry(keyOffset, key.Length, valueOffset, value.Length, count, kind);
            count++;
        }

        return count;
    }

    // Groups the entries by their key's first byte (a keyspace, for the sync store), then sorts each group by the eight
    // bytes after the group's common prefix, comparing whole keys only on a tie: most comparisons are one integer's.
    private static void SortByKey(byte[] data, Span<Entry> entries)
    {
        // The grouping sort compares integers only: the first byte, then the position (so no two are equal).
        EntryComparer comparer = new(data);
        foreach (ref Entry entry in entries)
        {
            entry.Prefix = ((ulong)data[entry.KeyOffset] << 56) | (uint)entry.Index;
        }

        entries.Sort(comparer);
        int start = 0;
        while (start < entries.Length)
        {
            byte first = data[entries[start].KeyOffset];
            int end = start + 1;
            int common = entries[start].KeyLength;
            ReadOnlySpan<byte> firstKey = data.AsSpan(entries[start].KeyOffset, entries[start].KeyLength);
            while (end < entries.Length && data[entries[end].KeyOffset] == first)
            {
                common = Math.Min(common, firstKey.CommonPrefixLength(data.AsSpan(entries[end].KeyOffset, entries[end].KeyLength)));
                end++;
            }

            Span<Entry> group = entries[start..end];
            for (int i = 0; i < group.Length; i++)
            {
                ref Entry entry = ref group[i];
                entry.Prefix = PrefixAt(data.AsSpan(entry.KeyOffset, entry.KeyLength), common);
            }

            group.Sort(comparer);
            start = end;
        }
    }

    // The eight bytes at offset as a big-endian integer, zero-padded past the key's end.
    private static ulong PrefixAt(ReadOnlySpan<byte> key, int offset)
    {
        ulong prefix = 0;
        for (int i = 0; i < sizeof(ulong); i++)
        {
            prefix = (prefix << 8) | (offset + i < key.Length ? key[offset + i] : 0UL);
        }

        return prefix;
    }

    /// <summary>One operation of the source batch: where its key and value are, and its position for a stable sort.</summary>
    private struct Entry(int keyOffset, int keyLength, int valueOffset, int valueLength, int index, KeyKind kind)
    {
        public readonly int KeyOffset = keyOffset;
        public readonly int KeyLength = keyLength;
        public readonly int ValueOffset = valueOffset;
        public readonly int ValueLength = valueLength;
        public readonly int Index = index;
        public readonly KeyKind Kind = kind;

        /// <summary>The key's eight bytes after its group's common prefix; zero until the group is known.</summary>
        public ulong Prefix;
    }

    /// <summary>Orders entries by prefix, then key, then position in the batch.</summary>
    private readonly struct EntryComparer(byte[] data) : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y)
        {
            if (x.Prefix != y.Prefix)
            {
                return x.Prefix < y.Prefix ? -1 : 1;
            }

            int order = data.AsSpan(x.KeyOffset, x.KeyLength).SequenceCompareTo(data.AsSpan(y.KeyOffset, y.KeyLength));
            return order != 0 ? order : x.Index.CompareTo(y.Index);
        }
    }
}
