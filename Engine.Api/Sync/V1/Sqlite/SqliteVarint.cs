using System;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// SQLite's variable-length integer: one to nine bytes, big-endian; each of the first eight bytes gives its low seven
/// bits and continues while its high bit is set, and a ninth byte gives all eight of its bits.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SqliteVarint
{
    /// <summary>The longest encoding.</summary>
    public const int MaxLength = 9;

    /// <summary>
    /// Reads the varint at the start of <paramref name="bytes"/>; false when <paramref name="bytes"/> ends before it
    /// does (the caller reports where).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out ulong value, out int length)
    {
        value = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i == MaxLength - 1)
            {
                value = (value << 8) | bytes[i];
                length = MaxLength;
                return true;
            }

            value = (value << 7) | (uint)(bytes[i] & 0x7F);
            if ((bytes[i] & 0x80) == 0)
            {
                length = i + 1;
                return true;
            }
        }

        length = 0;
        return false;
    }
}
