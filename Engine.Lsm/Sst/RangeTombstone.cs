using System;

namespace Engine.Lsm.Sst;

/// <summary>A range tombstone <c>[Start, End)#Sequence</c> as stored in a table: it deletes every older entry in the range.</summary>
/// <remarks>The arrays are owned by the tombstone and must not be modified. Immutable; thread-safe.</remarks>
internal readonly record struct RangeTombstone(byte[] Start, byte[] End, ulong Sequence)
{
    /// <summary>True when <paramref name="userKey"/> lies in <c>[Start, End)</c>.</summary>
    public bool Covers(ReadOnlySpan<byte> userKey) =>
        Start.AsSpan().SequenceCompareTo(userKey) <= 0 && userKey.SequenceCompareTo(End) < 0;
}
