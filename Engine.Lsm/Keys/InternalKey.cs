using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Engine.Lsm.Keys;

/// <summary>
/// The encoded form of an entry's key: the user key followed by an 8-byte little-endian trailer.
/// </summary>
/// <remarks>
/// <code>
/// +-----------------------+---------------------------------------+
/// | user key (n bytes)    | trailer: (seq &lt;&lt; 8) | kind, uint64 LE  |
/// +-----------------------+---------------------------------------+
/// </code>
/// Internal keys sort by user key ascending (bytewise), then by trailer descending, so the newest version
/// of a key comes first. This is LevelDB's and RocksDB's layout. Stateless; thread-safe.
/// </remarks>
internal static class InternalKey
{
    /// <summary>The size of the trailer in bytes.</summary>
    public const int TrailerSize = 8;

    /// <summary>The user-key part of an encoded internal key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> UserKey(ReadOnlySpan<byte> internalKey) => internalKey[..^TrailerSize];

    /// <summary>The trailer of an encoded internal key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Trailer(ReadOnlySpan<byte> internalKey) =>
        BinaryPrimitives.ReadUInt64LittleEndian(internalKey[^TrailerSize..]);

    /// <summary>Writes <paramref name="userKey"/> and the trailer into <paramref name="destination"/>; returns the length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> userKey, ulong sequence, KeyKind kind)
    {
        userKey.CopyTo(destination);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[userKey.Length..], SequenceNumber.MakeTrailer(sequence, kind));
        return userKey.Length + TrailerSize;
    }

    /// <summary>Orders encoded internal keys: user key ascending, then trailer descending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int c = a[..^TrailerSize].SequenceCompareTo(b[..^TrailerSize]);
        if (c != 0)
        {
            return c;
        }

        return Trailer(b).CompareTo(Trailer(a));
    }

    /// <summary>Orders a user key and trailer against an encoded internal key, without building the former.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(ReadOnlySpan<byte> userKey, ulong trailer, ReadOnlySpan<byte> internalKey)
    {
        int c = userKey.SequenceCompareTo(internalKey[..^TrailerSize]);
        if (c != 0)
        {
            return c;
        }

        return Trailer(internalKey).CompareTo(trailer);
    }
}
