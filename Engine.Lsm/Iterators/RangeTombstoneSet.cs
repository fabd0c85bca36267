using System;
using System.Collections.Generic;

namespace Engine.Lsm.Iterators;

/// <summary>
/// The range tombstones visible to one read, fragmented so that "which sequence number deletes this key" is one
/// binary search.
/// </summary>
/// <remarks>
/// <para>
/// Tombstones <c>[start, end)#seq</c> are cut at every start and end key, so the key space splits into disjoint
/// fragments <c>[b[i], b[i+1])</c>, each carrying the largest sequence number of the tombstones that cover it.
/// An entry <c>k#s</c> is deleted when the fragment holding <c>k</c> carries a sequence number above <c>s</c>.
/// Tombstones newer than the read's snapshot are left out when the set is built.
/// </para>
/// <para>Immutable once built; safe to share across threads.</para>
/// </remarks>
internal sealed class RangeTombstoneSet
{
    public static readonly RangeTombstoneSet Empty = new(Array.Empty<byte[]>(), Array.Empty<ulong>());

    private readonly byte[][] _bounds;
    private readonly ulong[] _sequences;

    private RangeTombstoneSet(byte[][] bounds, ulong[] sequences)
    {
        _bounds = bounds;
        _sequences = sequences;
    }

    /// <summary>True when no tombstone is visible.</summary>
    public bool IsEmpty => _sequences.Length == 0;

    /// <summary>The largest sequence number of a visible tombstone covering <paramref name="userKey"/>, or 0.</summary>
    public ulong MaxCoveringSequence(ReadOnlySpan<byte> userKey)
    {
        if (_sequences.Length == 0)
        {
            return 0;
        }

        // The last bound <= userKey names the fragment; before the first bound or at/after the last, nothing covers.
        int lo = 0;
        int hi = _bounds.Length - 1;
        int found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_bounds[mid].AsSpan().SequenceCompareTo(userKey) <= 0)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && found < _sequences.Length ? _sequences[found] : 0;
    }

    /// <summary>Collects tombstones and fragments them.</summary>
    /// <remarks>One owner; not thread-safe.</remarks>
    internal sealed class Builder
    {
        // Made on the first tombstone: most reads see none, and a builder is made per iterator.
        private List<(byte[] Start, byte[] End, ulong Sequence)>? _tombstones;

        public int Count => _tombstones?.Count ?? 0;

        /// <summary>Adds <c>[start, end)#sequence</c>; an empty range is ignored.</summary>
        public void Add(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end, ulong sequence)
        {
            if (start.SequenceCompareTo(end) < 0)
            {
                (_tombstones ??= []).Add((start.ToArray(), end.ToArray(), sequence));
            }
        }

        /// <summary>Fragments the tombstones with sequence numbers at most <paramref name="snapshot"/>.</summary>
        public RangeTombstoneSet Build(ulong snapshot)
        {
            if (_tombstones is null)
            {
                return Empty;
            }

            List<byte[]> bounds = [];
            foreach ((byte[] start, byte[] end, ulong sequence) in _tombstones)
            {
                if (sequence <= snapshot)
                {
                    bounds.Add(start);
                    bounds.Add(end);
                }
            }

            if (bounds.Count == 0)
            {
                return Empty;
            }

            bounds.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
            int unique = 1;
            for (int i = 1; i < bounds.Count; i++)
            {
                if (!bounds[i].AsSpan().SequenceEqual(bounds[unique - 1]))
                {
                    bounds[unique++] = bounds[i];
                }
            }

            bounds.RemoveRange(unique, bounds.Count - unique);
            byte[][] boundArray = bounds.ToArray();
            ulong[] sequences = new ulong[boundArray.Length - 1];
            foreach ((byte[] start, byte[] end, ulong sequence) in _tombstones)
            {
                if (sequence > snapshot)
                {
                    continue;
                }

                int first = Array.BinarySearch(boundArray, start, ByteArrayComparer.Instance);
                for (int i = first; i < sequences.Length && boundArray[i].AsSpan().SequenceCompareTo(end) < 0; i++)
                {
                    sequences[i] = Math.Max(sequences[i], sequence);
                }
            }

            return new RangeTombstoneSet(boundArray, sequences);
        }
    }

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
