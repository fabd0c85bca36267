using System;
using Engine.Lsm.Manifest;

namespace Engine.Lsm.Compaction;

/// <summary>
/// A user-key range <c>[Start, End]</c>, or <c>[Start, End)</c> when <see cref="EndExclusive"/>; a null side is
/// unbounded. Compactions use it for their span, for the tables they overlap and for conflicts between them.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal readonly struct KeyRange
{
    public KeyRange(byte[]? start, byte[]? end, bool endExclusive)
    {
        Start = start;
        End = end;
        EndExclusive = endExclusive;
    }

    /// <summary>The range holding every key.</summary>
    public static KeyRange All => new(null, null, false);

    /// <summary>The smallest key, or null for no lower bound.</summary>
    public byte[]? Start { get; }

    /// <summary>The largest key, or null for no upper bound.</summary>
    public byte[]? End { get; }

    /// <summary>True when <see cref="End"/> itself lies outside the range.</summary>
    public bool EndExclusive { get; }

    /// <summary>The user-key range of a table.</summary>
    public static KeyRange Of(FileMetadata file) =>
        new(file.SmallestUserKey.ToArray(), file.LargestUserKey.ToArray(), file.LargestIsExclusive);

    /// <summary>The smallest range holding both.</summary>
    public KeyRange Union(KeyRange other)
    {
        byte[]? start = Start is null || other.Start is null ? null
            : Start.AsSpan().SequenceCompareTo(other.Start) <= 0 ? Start : other.Start;
        if (End is null || other.End is null)
        {
            return new KeyRange(start, null, false);
        }

        int c = End.AsSpan().SequenceCompareTo(other.End);
        if (c == 0)
        {
            return new KeyRange(start, End, EndExclusive && other.EndExclusive);
        }

        return c > 0 ? new KeyRange(start, End, EndExclusive) : new KeyRange(start, other.End, other.EndExclusive);
    }

    /// <summary>True when some user key lies in both ranges.</summary>
    public bool Overlaps(KeyRange other) => Reaches(End, EndExclusive, other.Start) && Reaches(other.End, other.EndExclusive, Start);

    /// <summary>True when <paramref name="file"/> may hold entries for a key in the range.</summary>
    public bool Overlaps(FileMetadata file) => !EndsBefore(file) && !StartsAfter(file);

    /// <summary>True when every key of <paramref name="file"/> lies after the range: the range ends before it.</summary>
    public bool EndsBefore(FileMetadata file) => !Reaches(End, EndExclusive, file.SmallestUserKey);

    /// <summary>True when every key of <paramref name="file"/> lies before the range: the range starts after it.</summary>
    public bool StartsAfter(FileMetadata file)
    {
        if (Start is null)
        {
            return false;
        }

        int c = file.LargestUserKey.SequenceCompareTo(Start);
        return c < 0 || (c == 0 && file.LargestIsExclusive);
    }

    /// <summary>True when <paramref name="userKey"/> lies in the range.</summary>
    public bool Contains(ReadOnlySpan<byte> userKey) =>
        (Start is null || userKey.SequenceCompareTo(Start) >= 0) && Reaches(End, EndExclusive, userKey);

    public override string ToString() =>
        $"[{(Start is null ? "-inf" : Convert.ToHexString(Start))}, {(End is null ? "+inf" : Convert.ToHexString(End))}{(EndExclusive ? ")" : "]")}";

    /// <summary>True when a range ending at <paramref name="end"/> reaches <paramref name="key"/> (null: unbounded).</summary>
    private static bool Reaches(byte[]? end, bool endExclusive, ReadOnlySpan<byte> key)
    {
        if (end is null)
        {
            return true;
        }

        int c = key.SequenceCompareTo(end);
        return c < 0 || (c == 0 && !endExclusive);
    }

    private static bool Reaches(byte[]? end, bool endExclusive, byte[]? start) =>
        start is null || Reaches(end, endExclusive, (ReadOnlySpan<byte>)start);
}
