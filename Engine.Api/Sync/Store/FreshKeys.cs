using System;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The ids a fresh sync has written to one keyspace, as a Bloom filter: "absent" is certain, so a put of an absent id
/// needs no read-before-write; "maybe" falls back to the read. Filters chain, each twice the capacity of the last, so
/// the false-positive rate stays near 1% as the sync grows; past <see cref="MaxBytes"/> the set stops growing and
/// reports itself full, and the caller stops trusting it.
/// </summary>
/// <remarks>One writer at a time (the caller serialises); not thread-safe.</remarks>
internal sealed class FreshKeys
{
    /// <summary>The most bytes the filters of one keyspace take.</summary>
    public const long MaxBytes = 32L << 20;

    // About 12 bits and 7 probes an id (a blocked filter needs a few more bits than a plain one for the same rate):
    // a false-positive rate near 1%.
    private const int BitsPerId = 12;
    private const int Probes = 7;
    private const int BlockWords = 8;
    private const int BlockBits = BlockWords * 64;
    private const int FirstCapacity = 1 << 16;

    private ulong[][] _filters = [];
    private long _bytes;
    private int _capacity;
    private int _count;

    /// <summary>False when <paramref name="id"/> was certainly never added.</summary>
    public bool MayContain(string id)
    {
        ulong hash = Hash(id);
        foreach (ulong[] filter in _filters)
        {
            if (Contains(filter, hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds <paramref name="id"/>; false when the set is full (nothing added: stop trusting it).</summary>
    public bool TryAdd(string id)
    {
        if (_count == _capacity)
        {
            int capacity = Math.Max(FirstCapacity, _capacity * 2);
            long bytes = (long)capacity * BitsPerId / 8;
            if (_bytes + bytes > MaxBytes)
            {
                return false;
            }

            _filters = [.. _filters, new ulong[bytes / sizeof(ulong)]];
            _bytes += bytes;
            _capacity = capacity;
            _count = 0;
        }

        ulong hash = Hash(id);
        Span<ulong> block = Block(_filters[^1], hash);
        ulong probes = hash * 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < Probes; i++)
        {
            int bit = (int)(probes >> (i * 9)) & (BlockBits - 1);
            block[bit >> 6] |= 1UL << (bit & 63);
        }

        _count++;
        return true;
    }

    private static bool Contains(ulong[] filter, ulong hash)
    {
        Span<ulong> block = Block(filter, hash);
        ulong probes = hash * 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < Probes; i++)
        {
            int bit = (int)(probes >> (i * 9)) & (BlockBits - 1);
            if ((block[bit >> 6] & (1UL << (bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    // A blocked filter: all probes of an id fall in one 64-byte block, one cache miss instead of one per probe. The
    // block is picked by the hash's high half (multiply-shift, no division), the bits by its remixed low bits.
    private static Span<ulong> Block(ulong[] filter, ulong hash)
    {
        int blocks = filter.Length / BlockWords;
        int block = (int)(((hash >> 32) * (ulong)blocks) >> 32);
        return filter.AsSpan(block * BlockWords, BlockWords);
    }

    private static ulong Hash(string id) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()));
}
