using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Lsm.Bloom;

/// <summary>
/// Probes a filter written by <see cref="BloomFilterBuilder"/> (format and hashing described there).
/// </summary>
/// <remarks>
/// Construction checks the trailer in constant time: at least 5 bytes, a non-zero probe count, and a length of exactly
/// <c>num_lines * 64 + 5</c>; anything else is a <see cref="CorruptionException"/>. Probing is allocation-free and never
/// throws. A ref struct over immutable bytes: one thread, one call.
/// </remarks>
internal readonly ref struct BloomFilterReader
{
    private readonly ReadOnlySpan<byte> _lines;
    private readonly uint _lineCount;
    private readonly int _probes;

    public BloomFilterReader(ReadOnlySpan<byte> filter, string path, long blockOffset)
    {
        if (filter.Length < BloomFilterBuilder.TrailerBytes)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "bloom filter is shorter than its trailer");
        }

        uint lines = BinaryPrimitives.ReadUInt32LittleEndian(filter[^sizeof(uint)..]);
        int probes = filter[^BloomFilterBuilder.TrailerBytes];
        if ((ulong)lines * BloomFilterBuilder.LineBytes != (ulong)(filter.Length - BloomFilterBuilder.TrailerBytes))
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, $"bloom filter of {filter.Length} bytes cannot hold {lines} lines");
        }

        if (probes == 0)
        {
            ThrowHelper.ThrowCorruption(path, blockOffset, "bloom filter has zero probes");
        }

        _lines = filter[..^BloomFilterBuilder.TrailerBytes];
        _lineCount = lines;
        _probes = probes;
    }

    /// <summary>The number of 64-byte lines.</summary>
    public uint LineCount => _lineCount;

    /// <summary>The number of bits probed per key.</summary>
    public int ProbeCount => _probes;

    /// <summary>False when the key with this <see cref="BloomFilterBuilder.Hash"/> is certainly absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ulong hash)
    {
        if (_lineCount == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> line = _lines.Slice((int)BloomFilterBuilder.LineOf(hash, _lineCount) * BloomFilterBuilder.LineBytes, BloomFilterBuilder.LineBytes);
        uint h1 = (uint)hash;
        uint delta = BitOperations.RotateLeft(h1, 15);
        for (int i = 0; i < _probes; i++)
        {
            uint bit = h1 & (BloomFilterBuilder.LineBits - 1);
            if ((line[(int)(bit >> 3)] & (1 << (int)(bit & 7))) == 0)
            {
                return false;
            }

            h1 += delta;
        }

        return true;
    }

    /// <summary>False when <paramref name="userKey"/> is certainly absent.</summary>
    public bool MayContain(ReadOnlySpan<byte> userKey) => MayContain(BloomFilterBuilder.Hash(userKey));
}
