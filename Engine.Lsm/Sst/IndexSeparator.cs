using System;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>Picks the index key of a data block: a short internal key between its last key and the next block's first.</summary>
/// <remarks>
/// <para>
/// The index key of block <c>i</c> must sort at or after every key of block <c>i</c> and before every key of block
/// <c>i+1</c>. When the user keys first differ at byte <c>n</c> and the last key's byte there can be incremented
/// without reaching the next key's byte, the separator is that incremented prefix, <c>s = last[..n] + (last[n] + 1)</c>,
/// with the trailer <c>(SequenceNumber.Max, KeyKind.Max)</c>. Then <c>last &lt; s &lt; next</c> as user keys, so
/// <c>s#Max</c> sorts after every entry of block <c>i</c> (larger user key) and before every entry of block <c>i+1</c>
/// (smaller user key). In every other case (one key a prefix of the other, equal user keys, adjacent bytes, or a
/// separator no shorter than the last user key) the separator is the last key itself.
/// </para>
/// <para>Stateless; thread-safe.</para>
/// </remarks>
internal static class IndexSeparator
{
    /// <summary>The trailer of a shortened separator: it sorts before every stored entry with the same user key.</summary>
    public static readonly ulong SeparatorTrailer = SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Max);

    /// <summary>
    /// Writes the separator of <paramref name="lastKey"/> and <paramref name="nextKey"/> (internal keys,
    /// <c>lastKey &lt; nextKey</c>) into <paramref name="destination"/>, which holds at least <c>lastKey.Length</c> bytes;
    /// returns its length.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> lastKey, ReadOnlySpan<byte> nextKey, Span<byte> destination)
    {
        ReadOnlySpan<byte> last = InternalKey.UserKey(lastKey);
        ReadOnlySpan<byte> next = InternalKey.UserKey(nextKey);
        int n = last.CommonPrefixLength(next);
        if (n < last.Length && n < next.Length && last[n] < 0xFF && last[n] + 1 < next[n] && n + 1 < last.Length)
        {
            last[..n].CopyTo(destination);
            destination[n] = (byte)(last[n] + 1);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[(n + 1)..], SeparatorTrailer);
            return n + 1 + InternalKey.TrailerSize;
        }

        lastKey.CopyTo(destination);
        return lastKey.Length;
    }
}
