using System;
using System.Buffers.Binary;
using System.Numerics;

namespace Engine.Core.Compression;

// The compressor: greedy matching over a hash table of 4-byte sequences, one table per thread.
internal static partial class Lz4Block
{
    // 4096 int entries (16 KiB) stay in the L1 cache, which matters more for speed than the extra matches a
    // larger table finds.
    private const int HashLog = 12;
    private const int HashTableSize = 1 << HashLog;
    private const uint HashMultiplier = 2654435761u;

    // After 2^SkipTrigger failed probes the search advances 2 bytes at a time, then 3, ...: incompressible
    // stretches are crossed quickly at the cost of a few missed matches.
    private const int SkipTrigger = 6;

    // The table holds (position + s_hashBase). Every call raises the base past all positions it stores, so entries
    // left by earlier calls read back as negative positions and are ignored without clearing 16 KiB per call.
    [ThreadStatic]
    private static int[]? s_hashTable;

    [ThreadStatic]
    private static int s_hashBase;

    /// <summary>
    /// Compresses <paramref name="source"/> into one LZ4 block in <paramref name="destination"/>.
    /// </summary>
    /// <returns>
    /// The length of the block, or 0 when it does not fit in <paramref name="destination"/> (callers then store the
    /// bytes uncompressed). A destination of <see cref="MaxCompressedLength"/> bytes always fits.
    /// </returns>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int length = source.Length;
        if (length < MinInputForMatch)
        {
            return WriteLastLiterals(source, destination, 0);
        }

        int[] table = s_hashTable ??= new int[HashTableSize];
        int hashBase = s_hashBase;
        if (hashBase > int.MaxValue - length)
        {
            // Positions are checked against the input before use, so stale zeros are harmless; only speed suffers.
            Array.Clear(table);
            hashBase = 0;
        }

        s_hashBase = hashBase + length;
        return CompressWithTable(source, destination, table, hashBase);
    }

    private static int CompressWithTable(ReadOnlySpan<byte> source, Span<byte> destination, int[] table, int hashBase)
    {
        int length = source.Length;
        int matchStartLimit = length - MatchFindLimit;
        int matchEndLimit = length - LastLiterals;
        int anchor = 0;
        int op = 0;

        table[Hash(ReadUInt32(source, 0))] = hashBase;
        int ip = 1;
        while (true)
        {
            int candidate;
            int attempts = 1 << SkipTrigger;
            while (true)
            {
                if (ip > matchStartLimit)
                {
                    return WriteLastLiterals(source[anchor..], destination, op);
                }

                uint sequence = ReadUInt32(source, ip);
                int hash = Hash(sequence);
                candidate = table[hash] - hashBase;
                table[hash] = ip + hashBase;
                if ((uint)candidate < (uint)ip && ip - candidate <= MaxOffset && ReadUInt32(source, candidate) == sequence)
                {
                    break;
                }

                ip += attempts++ >> SkipTrigger;
            }

            while (ip > anchor && candidate > 0 && source[ip - 1] == source[candidate - 1])
            {
                ip--;
                candidate--;
            }

            int matchLength = MinMatch + CommonLength(source, ip + MinMatch, candidate + MinMatch, matchEndLimit);
            op = WriteSequence(source, anchor, ip - anchor, ip - candidate, matchLength, destination, op);
            if (op < 0)
            {
                return 0;
            }

            ip += matchLength;
            anchor = ip;
            if (ip > matchStartLimit)
            {
                return WriteLastLiterals(source[anchor..], destination, op);
            }

            // Recording a position inside the match lets a repeat that starts right after it be found at once.
            table[Hash(ReadUInt32(source, ip - 2))] = ip - 2 + hashBase;
        }
    }

    /// <summary>
    /// The number of equal bytes at <paramref name="ip"/> and at <paramref name="match"/> (which is smaller), counting
    /// up to <paramref name="limit"/>. The match may overlap the bytes it repeats; the decoder copies such matches
    /// forward, which reproduces exactly these input bytes.
    /// </summary>
    private static int CommonLength(ReadOnlySpan<byte> source, int ip, int match, int limit)
    {
        // Most matches are short: one 8-byte comparison settles them without the setup of a vectorized search.
        if (limit - ip >= sizeof(ulong))
        {
            ulong difference = ReadUInt64(source, ip) ^ ReadUInt64(source, match);
            if (difference != 0)
            {
                return BitOperations.TrailingZeroCount(difference) >> 3;
            }
        }

        int length = limit - ip;
        return source.Slice(ip, length).CommonPrefixLength(source.Slice(match, length));
    }

    /// <summary>Writes one full sequence at <paramref name="op"/>; returns the new output position, or -1 if it does not fit.</summary>
    private static int WriteSequence(
        ReadOnlySpan<byte> source, int anchor, int literalLength, int offset, int matchLength, Span<byte> destination, int op)
    {
        int matchCode = matchLength - MinMatch;
        long needed = 1L + ExtensionLength(literalLength) + literalLength + sizeof(ushort) + ExtensionLength(matchCode);
        if (needed > destination.Length - op)
        {
            return -1;
        }

        int tokenPosition = op++;
        int token;
        if (literalLength >= LengthNibbleMax)
        {
            token = LengthNibbleMax << 4;
            op = WriteExtension(destination, op, literalLength - LengthNibbleMax);
        }
        else
        {
            token = literalLength << 4;
        }

        if (literalLength <= WildCopyLength && source.Length - anchor >= WildCopyLength && destination.Length - op >= WildCopyLength)
        {
            // A fixed-size copy is cheaper than an exact one; the offset and later sequences overwrite the excess.
            source.Slice(anchor, WildCopyLength).CopyTo(destination.Slice(op, WildCopyLength));
        }
        else
        {
            source.Slice(anchor, literalLength).CopyTo(destination[op..]);
        }

        op += literalLength;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[op..], (ushort)offset);
        op += sizeof(ushort);
        if (matchCode >= LengthNibbleMax)
        {
            token |= LengthNibbleMax;
            op = WriteExtension(destination, op, matchCode - LengthNibbleMax);
        }
        else
        {
            token |= matchCode;
        }

        destination[tokenPosition] = (byte)token;
        return op;
    }

    /// <summary>Writes the closing literals-only sequence; returns the total block length, or 0 if it does not fit.</summary>
    private static int WriteLastLiterals(ReadOnlySpan<byte> literals, Span<byte> destination, int op)
    {
        int literalLength = literals.Length;
        long needed = 1L + ExtensionLength(literalLength) + literalLength;
        if (needed > destination.Length - op)
        {
            return 0;
        }

        if (literalLength >= LengthNibbleMax)
        {
            destination[op++] = LengthNibbleMax << 4;
            op = WriteExtension(destination, op, literalLength - LengthNibbleMax);
        }
        else
        {
            destination[op++] = (byte)(literalLength << 4);
        }

        literals.CopyTo(destination[op..]);
        return op + literalLength;
    }

    /// <summary>The number of bytes that follow the token to encode a length whose nibble value is <paramref name="code"/>.</summary>
    private static int ExtensionLength(int code) => code < LengthNibbleMax ? 0 : ((code - LengthNibbleMax) / LengthExtensionMax) + 1;

    /// <summary>Writes the length bytes for the part of a length beyond the nibble: 255s, then the remainder.</summary>
    private static int WriteExtension(Span<byte> destination, int op, int remainder)
    {
        int full = remainder / LengthExtensionMax;
        destination.Slice(op, full).Fill(LengthExtensionMax);
        op += full;
        destination[op++] = (byte)(remainder - (full * LengthExtensionMax));
        return op;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> source, int position) =>
        BinaryPrimitives.ReadUInt32LittleEndian(source[position..]);

    private static ulong ReadUInt64(ReadOnlySpan<byte> source, int position) =>
        BinaryPrimitives.ReadUInt64LittleEndian(source[position..]);

    private static int Hash(uint sequence) => (int)((sequence * HashMultiplier) >> (32 - HashLog));
}
