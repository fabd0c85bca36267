using System;
using Engine.Core.Threading;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Manifest;

/// <summary>What the manifest knows of one table: its number, size, key bounds and sequence bounds.</summary>
/// <remarks>
/// The descriptive fields are immutable. <see cref="Acquire"/>/<see cref="Release"/> count the versions that list
/// the table (thread-safe); when the count returns to zero the table is obsolete and <see cref="Obsolete"/> is set,
/// after which the owner may close and delete it.
/// </remarks>
internal sealed class FileMetadata
{
    private RefCount _references;
    private RangeTombstone[]? _rangeTombstones;

    public FileMetadata(ulong number, long size, byte[] smallest, byte[] largest, ulong smallestSequence, ulong largestSequence)
    {
        Number = number;
        Size = size;
        Smallest = smallest;
        Largest = largest;
        SmallestSequence = smallestSequence;
        LargestSequence = largestSequence;
    }

    /// <summary>The table's file number: its name is <c>NNNNNN.sst</c>.</summary>
    public ulong Number { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The smallest internal key in the table, range tombstones included.</summary>
    public byte[] Smallest { get; }

    /// <summary>The largest internal key in the table, range tombstones included (their end sentinel).</summary>
    public byte[] Largest { get; }

    /// <summary>The smallest sequence number of any entry.</summary>
    public ulong SmallestSequence { get; }

    /// <summary>The largest sequence number of any entry.</summary>
    public ulong LargestSequence { get; }

    /// <summary>The user key of <see cref="Smallest"/>.</summary>
    public ReadOnlySpan<byte> SmallestUserKey => InternalKey.UserKey(Smallest);

    /// <summary>The user key of <see cref="Largest"/>.</summary>
    public ReadOnlySpan<byte> LargestUserKey => InternalKey.UserKey(Largest);

    /// <summary>Set once no version lists the table any more.</summary>
    public bool Obsolete => _references.Current == 0;

    /// <summary>
    /// True when <see cref="Largest"/> is a range tombstone's end sentinel <c>k#MAX,RANGEDEL</c>: the table then holds
    /// nothing for user key <c>k</c> itself, so its user-key range is <c>[smallest, k)</c> and it does not overlap a
    /// neighbour that starts at <c>k</c>.
    /// </summary>
    public bool LargestIsExclusive =>
        Largest.Length >= InternalKey.TrailerSize
        && InternalKey.Trailer(Largest) == SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.RangeDelete);

    /// <summary>
    /// True when the table may hold entries for a user key in <c>[start, end]</c> (both inclusive; an unbounded side
    /// ignores its key). An exclusive largest key (<see cref="LargestIsExclusive"/>) does not reach <c>start</c> itself.
    /// </summary>
    public bool Overlaps(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end, bool startUnbounded, bool endUnbounded)
    {
        if (!endUnbounded && SmallestUserKey.SequenceCompareTo(end) > 0)
        {
            return false;
        }

        if (startUnbounded)
        {
            return true;
        }

        int c = LargestUserKey.SequenceCompareTo(start);
        return c > 0 || (c == 0 && !LargestIsExclusive);
    }

    /// <summary>
    /// The table's range tombstones once someone has read them (<see cref="RememberRangeTombstones"/>), so that
    /// building an iterator need not open every table of every level; null until then. A table is immutable, so the
    /// copy never goes stale.
    /// </summary>
    public RangeTombstone[]? KnownRangeTombstones => System.Threading.Volatile.Read(ref _rangeTombstones);

    /// <summary>Keeps a copy of the table's range tombstones, read from its reader.</summary>
    public void RememberRangeTombstones(RangeTombstone[] tombstones) =>
        System.Threading.Volatile.Write(ref _rangeTombstones, tombstones);

    public void Acquire() => _references.Acquire();

    /// <summary>Drops one reference; true when it was the last.</summary>
    public bool Release() => _references.Release();

    public override string ToString() => $"#{Number} ({Size} B, seq {SmallestSequence}..{LargestSequence})";
}
