using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Core.Hashing;

/// <summary>
/// XXH64, the 64-bit xxHash, written from its published specification: a fast non-cryptographic hash
/// for bloom filters and hash-partitioned structures. Not for checksums of stored data (that is
/// <see cref="Crc32C"/>) and not resistant to chosen inputs.
/// </summary>
/// <remarks>
/// Inputs of 32 bytes or more run through four independent accumulators, one 8-byte lane each per
/// 32-byte stripe, so the multiplies of the four lanes overlap in the pipeline; the rest is consumed
/// 8, 4 and 1 bytes at a time, then the avalanche mixes all bits. Allocation-free. Stateless; thread-safe.
/// </remarks>
internal static class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime3 = 0x165667B19E3779F9;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63;
    private const ulong Prime5 = 0x27D4EB2F165667C5;
    private const int StripeLength = 32;

    /// <summary>The XXH64 of <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        ulong hash;
        ReadOnlySpan<byte> rest = data;
        if (data.Length >= StripeLength)
        {
            ulong acc1 = seed + Prime1 + Prime2;
            ulong acc2 = seed + Prime2;
            ulong acc3 = seed;
            ulong acc4 = seed - Prime1;
            do
            {
                acc1 = Round(acc1, BinaryPrimitives.ReadUInt64LittleEndian(rest));
                acc2 = Round(acc2, BinaryPrimitives.ReadUInt64LittleEndian(rest[8..]));
                acc3 = Round(acc3, BinaryPrimitives.ReadUInt64LittleEndian(rest[16..]));
                acc4 = Round(acc4, BinaryPrimitives.ReadUInt64LittleEndian(rest[24..]));
                rest = rest[StripeLength..];
            }
            while (rest.Length >= StripeLength);

            hash = BitOperations.RotateLeft(acc1, 1) + BitOperations.RotateLeft(acc2, 7)
                + BitOperations.RotateLeft(acc3, 12) + BitOperations.RotateLeft(acc4, 18);
            hash = MergeAccumulator(hash, acc1);
            hash = MergeAccumulator(hash, acc2);
            hash = MergeAccumulator(hash, acc3);
            hash = MergeAccumulator(hash, acc4);
        }
        else
        {
            hash = seed + Prime5;
        }

        hash += (ulong)data.Length;

        while (rest.Length >= sizeof(ulong))
        {
            hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(rest));
            hash = (BitOperations.RotateLeft(hash, 27) * Prime1) + Prime4;
            rest = rest[sizeof(ulong)..];
        }

        if (rest.Length >= sizeof(uint))
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(rest) * Prime1;
            hash = (BitOperations.RotateLeft(hash, 23) * Prime2) + Prime3;
            rest = rest[sizeof(uint)..];
        }

        foreach (byte b in rest)
        {
            hash ^= b * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }

        return Avalanche(hash);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong accumulator, ulong lane) =>
        BitOperations.RotateLeft(accumulator + (lane * Prime2), 31) * Prime1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MergeAccumulator(ulong hash, ulong accumulator) =>
        ((hash ^ Round(0, accumulator)) * Prime1) + Prime4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }
}
