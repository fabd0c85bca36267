using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Encoding;

/// <summary>
/// Unsigned LEB128 varints, the format of LevelDB and protobuf: seven value bits per byte, least
/// significant group first, the high bit set on every byte except the last.
/// </summary>
/// <remarks>
/// <code>
///   value 300 = 0b10_0101100  ->  0xAC 0x02
///              byte 0: 1 0101100   (continuation, low 7 bits)
///              byte 1: 0 0000010   (last, next 7 bits)
/// </code>
/// Readers accept non-minimal encodings (0x80 0x00 reads as 0) as LevelDB does, but reject anything
/// longer than <see cref="MaxLength32"/> / <see cref="MaxLength64"/> bytes and any value that does not fit
/// the requested width, so a corrupt length can never be read as a huge number.
/// Signed values go through <see cref="EncodeZigZag(long)"/> first, so small negative numbers stay short.
/// Stateless; thread-safe.
/// </remarks>
internal static class Varint
{
    /// <summary>The longest encoding of a 32-bit value, in bytes.</summary>
    public const int MaxLength32 = 5;

    /// <summary>The longest encoding of a 64-bit value, in bytes.</summary>
    public const int MaxLength64 = 10;

    /// <summary>The number of bytes <see cref="Write(Span{byte}, ulong)"/> uses for <paramref name="value"/> (1 to 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetLength(ulong value) =>
        // Log2 is 0 for both 0 and 1, so the formula needs no special case for zero.
        (BitOperations.Log2(value) / 7) + 1;

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written (1 to 5).</returns>
    /// <exception cref="StorageException">
    /// <see cref="StorageErrorCode.InvalidArgument"/> when <paramref name="destination"/> is too short; nothing is written.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, uint value)
    {
        if (value < 0x80 && destination.Length > 0)
        {
            destination[0] = (byte)value;
            return 1;
        }

        return WriteMultiByte(destination, value);
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written (1 to 10).</returns>
    /// <exception cref="StorageException">
    /// <see cref="StorageErrorCode.InvalidArgument"/> when <paramref name="destination"/> is too short; nothing is written.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, ulong value)
    {
        if (value < 0x80 && destination.Length > 0)
        {
            destination[0] = (byte)value;
            return 1;
        }

        return WriteMultiByte(destination, value);
    }

    /// <summary>Reads a varint that must fit in 32 bits from the start of <paramref name="source"/>.</summary>
    /// <returns>
    /// False when the input ends inside the varint, when it is longer than <see cref="MaxLength32"/> bytes,
    /// or when its value exceeds <see cref="uint.MaxValue"/>; <paramref name="value"/> and
    /// <paramref name="bytesRead"/> are then zero.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> source, out uint value, out int bytesRead)
    {
        if (source.Length > 0 && source[0] < 0x80)
        {
            value = source[0];
            bytesRead = 1;
            return true;
        }

        return TryReadMultiByte(source, out value, out bytesRead);
    }

    /// <summary>Reads a 64-bit varint from the start of <paramref name="source"/>.</summary>
    /// <returns>
    /// False when the input ends inside the varint, when it is longer than <see cref="MaxLength64"/> bytes,
    /// or when its value exceeds <see cref="ulong.MaxValue"/>; <paramref name="value"/> and
    /// <paramref name="bytesRead"/> are then zero.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        if (source.Length > 0 && source[0] < 0x80)
        {
            value = source[0];
            bytesRead = 1;
            return true;
        }

        return TryReadMultiByte(source, out value, out bytesRead);
    }

    /// <summary>Maps a signed value onto an unsigned one so that small magnitudes stay small: 0, -1, 1, -2 map to 0, 1, 2, 3.</summary>
    public static uint EncodeZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    /// <summary>Inverts <see cref="EncodeZigZag(int)"/>.</summary>
    public static int DecodeZigZag(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

    /// <summary>Maps a signed value onto an unsigned one so that small magnitudes stay small: 0, -1, 1, -2 map to 0, 1, 2, 3.</summary>
    public static ulong EncodeZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Inverts <see cref="EncodeZigZag(long)"/>.</summary>
    public static long DecodeZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static int WriteMultiByte(Span<byte> destination, ulong value)
    {
        int length = GetLength(value);
        if (destination.Length < length)
        {
            ThrowHelper.ThrowDestinationTooSmall(length, destination.Length);
        }

        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i] = (byte)value;
        return length;
    }

    private static bool TryReadMultiByte(ReadOnlySpan<byte> source, out uint value, out int bytesRead)
    {
        uint result = 0;
        int limit = Math.Min(source.Length, MaxLength32);
        for (int i = 0; i < limit; i++)
        {
            uint b = source[i];
            if (i == MaxLength32 - 1 && b > 0x0F)
            {
                // The fifth byte carries bits 28..31; anything above them overflows or continues past five bytes.
                break;
            }

            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                bytesRead = i + 1;
                return true;
            }
        }

        value = 0;
        bytesRead = 0;
        return false;
    }

    private static bool TryReadMultiByte(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        ulong result = 0;
        int limit = Math.Min(source.Length, MaxLength64);
        for (int i = 0; i < limit; i++)
        {
            ulong b = source[i];
            if (i == MaxLength64 - 1 && b > 0x01)
            {
                // The tenth byte carries bit 63 only; anything above it overflows or continues past ten bytes.
                break;
            }

            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                bytesRead = i + 1;
                return true;
            }
        }

        value = 0;
        bytesRead = 0;
        return false;
    }
}
