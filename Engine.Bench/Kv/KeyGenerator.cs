using System.Buffers.Binary;

namespace Engine.Bench.Kv;

/// <summary>
/// Keys and values of the peers rig: key number x becomes 16 zero-padded ASCII digits (so keys sort like x), and the
/// value of x written by workload t is 50 bytes from a splitmix64 seeded <c>x * 256 + t</c>, repeated twice (about
/// 50% compressible, like db_bench's default, and checkable on read).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class KeyGenerator
{
    public const int KeySize = 16;
    public const int ValueSize = 100;

    private const int HalfValue = ValueSize / 2;
    private const ulong FnvOffset = 0xcbf29ce484222325UL;
    private const ulong FnvPrime = 0x100000001b3UL;

    /// <summary>The rig's workload tags in the order <c>--keycheck</c> hashes them.</summary>
    private static readonly KeyTag[] s_rigTags =
    [
        KeyTag.FillSeq, KeyTag.FillRandom, KeyTag.ReadRandom, KeyTag.ReadMissing,
        KeyTag.SeekRandom, KeyTag.Overwrite, KeyTag.DeleteRandom,
    ];

    /// <summary>Writes key number <paramref name="x"/> into the first <see cref="KeySize"/> bytes of <paramref name="key"/>.</summary>
    public static void MakeKey(ulong x, Span<byte> key)
    {
        key = key[..KeySize];
        for (int i = KeySize - 1; i >= 0; i--, x /= 10)
        {
            key[i] = (byte)('0' + (x % 10));
        }
    }

    /// <summary>Writes the value of key number <paramref name="x"/> as written by <paramref name="tag"/>.</summary>
    public static void MakeValue(ulong x, KeyTag tag, Span<byte> value)
    {
        value = value[..ValueSize];
        SplitMix64 rng = new((x * 256) + (ulong)tag);
        int i = 0;
        for (; i + 8 <= HalfValue; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(value[i..], rng.Next());
        }

        // The last word contributes only its low bytes, as the rig's little-endian memcpy of a prefix.
        ulong last = rng.Next();
        for (; i < HalfValue; i++, last >>= 8)
        {
            value[i] = (byte)last;
        }

        value[..HalfValue].CopyTo(value[HalfValue..]);
    }

    /// <summary>
    /// FNV-1a-64 over every rig workload's keys (and the values of the three write workloads), in tag order: the
    /// rig's <c>--keycheck</c>, which must agree across drivers before a run is trusted.
    /// </summary>
    public static ulong KeyCheck(ulong n, ulong seed)
    {
        ulong hash = FnvOffset;
        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> value = stackalloc byte[ValueSize];
        foreach (KeyTag tag in s_rigTags)
        {
            KeySequence keys = new(tag, n, seed);
            for (ulong i = 0; i < n; i++)
            {
                ulong x = keys.Next();
                MakeKey(x, key);
                hash = Mix(hash, key);
                if (tag is KeyTag.FillSeq or KeyTag.FillRandom or KeyTag.Overwrite)
                {
                    MakeValue(x, tag, value);
                    hash = Mix(hash, value);
                }
            }
        }

        return hash;
    }

    private static ulong Mix(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
