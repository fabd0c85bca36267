using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Engine.Core.Hashing;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of LevelDB, RocksDB and Pebble
/// records and blocks, computed with <see cref="BitOperations.Crc32C(uint, ulong)"/> (SSE4.2 or ARMv8
/// CRC instructions when present, a table otherwise).
/// </summary>
/// <remarks>
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the raw register update. The standard CRC-32C starts
/// the register at 0xFFFFFFFF and inverts the result, so <see cref="Extend"/> undoes the inversion of the
/// CRC it is given, updates, and inverts again: <c>Extend(Compute(a), b) == Compute(a ++ b)</c>.
/// <para>
/// Stored checksums go through <see cref="Mask"/>: a CRC computed over bytes that themselves contain
/// CRCs (a WAL record holding a block, say) is otherwise prone to collisions, and a run of zeros would
/// carry a valid-looking checksum. The mask is the LevelDB one, so our files match theirs byte for byte.
/// </para>
/// Stateless; thread-safe.
/// </remarks>
internal static class Crc32C
{
    private const uint MaskDelta = 0xA282EAD8;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>Continues <paramref name="crc"/>, the CRC-32C of some earlier bytes, over <paramref name="data"/>.</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    /// <summary>The form in which a CRC is stored: rotated right by 15 bits plus a constant.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>Inverts <see cref="Mask"/>.</summary>
    public static uint Unmask(uint maskedCrc)
    {
        uint rotated = maskedCrc - MaskDelta;
        return (rotated >> 17) | (rotated << 15);
    }

    private static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        // Eight bytes per instruction; the cast reads unaligned little-endian words on the platforms .NET runs on.
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            state = BitOperations.Crc32C(state, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        ReadOnlySpan<byte> tail = data[(words.Length * sizeof(ulong))..];
        if (tail.Length >= sizeof(uint))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt32LittleEndian(tail));
            tail = tail[sizeof(uint)..];
        }

        if (tail.Length >= sizeof(ushort))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt16LittleEndian(tail));
            tail = tail[sizeof(ushort)..];
        }

        if (tail.Length > 0)
        {
            state = BitOperations.Crc32C(state, tail[0]);
        }

        return state;
    }
}
