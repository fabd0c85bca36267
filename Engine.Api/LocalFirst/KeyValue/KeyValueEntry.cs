using System;
using System.Buffers.Binary;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// The stored form of a key-value entry: <c>flags ‖ [expiresAt] ‖ value</c>, drawn in <c>docs/format/local-first.md</c>.
/// </summary>
/// <remarks>
/// <c>flags</c> is one byte; bit 0 (<see cref="ExpiresFlag"/>) says an expiry follows, as a big-endian signed 64-bit
/// count of Unix milliseconds, never <see cref="Never"/> (that is the plain header). Every other bit is zero in this
/// version: a stored value with another bit set, shorter than its header, or with the flag and <see cref="Never"/>, is
/// damage. An entry is expired, and so absent to every reader, from the millisecond
/// <c>now &gt;= expiresAt</c> on. Stateless; thread-safe.
/// </remarks>
internal static class KeyValueEntry
{
    /// <summary>Flag bit: an expiry time follows the flags byte.</summary>
    public const byte ExpiresFlag = 0x01;

    /// <summary>The header of an entry without expiry: the flags byte.</summary>
    public const int PlainHeaderLength = 1;

    /// <summary>The header of an entry with an expiry: flags and the 8-byte time.</summary>
    public const int ExpiringHeaderLength = 9;

    /// <summary>The expiry of entries that never expire.</summary>
    public const long Never = long.MaxValue;

    /// <summary>The header length for an entry expiring at <paramref name="expiresAt"/> (<see cref="Never"/>: none).</summary>
    public static int HeaderLength(long expiresAt) => expiresAt == Never ? PlainHeaderLength : ExpiringHeaderLength;

    /// <summary>Writes the header for <paramref name="expiresAt"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, long expiresAt)
    {
        if (expiresAt == Never)
        {
            destination[0] = 0;
            return PlainHeaderLength;
        }

        destination[0] = ExpiresFlag;
        BinaryPrimitives.WriteInt64BigEndian(destination[1..], expiresAt);
        return ExpiringHeaderLength;
    }

    /// <summary>
    /// Reads the header of <paramref name="stored"/>: the expiry (<see cref="Never"/> for none) and where the value
    /// starts. False when the bytes are not a well-formed entry.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> stored, out long expiresAt, out int valueOffset)
    {
        expiresAt = Never;
        valueOffset = 0;
        if (stored.IsEmpty)
        {
            return false;
        }

        byte flags = stored[0];
        if (flags == 0)
        {
            valueOffset = PlainHeaderLength;
            return true;
        }

        if (flags != ExpiresFlag || stored.Length < ExpiringHeaderLength)
        {
            return false;
        }

        // The writer never stores Never behind the flag (it writes the plain header), so each expiry has one encoding.
        long stamp = BinaryPrimitives.ReadInt64BigEndian(stored[1..]);
        if (stamp == Never)
        {
            return false;
        }

        expiresAt = stamp;
        valueOffset = ExpiringHeaderLength;
        return true;
    }

    /// <summary>True when an entry expiring at <paramref name="expiresAt"/> is expired at <paramref name="nowMs"/>.</summary>
    public static bool IsExpired(long expiresAt, long nowMs) => nowMs >= expiresAt;

    /// <summary>
    /// The expiry, in Unix milliseconds, of an entry written at <paramref name="nowMs"/> with <paramref name="ttl"/>
    /// (null: <see cref="Never"/>); rounded up to the next millisecond, and saturated instead of overflowing.
    /// </summary>
    public static long ExpiryOf(TimeSpan? ttl, long nowMs)
    {
        if (ttl is not { } span)
        {
            return Never;
        }

        long ms = (span.Ticks / TimeSpan.TicksPerMillisecond) + (span.Ticks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1);
        return ms >= Never - nowMs ? Never - 1 : nowMs + ms;
    }

    /// <summary>Throws unless <paramref name="ttl"/> is null or positive.</summary>
    public static void CheckTtl(TimeSpan? ttl, string paramName)
    {
        if (ttl is { } span && span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, span, "A time to live is positive; pass null for none.");
        }
    }
}
