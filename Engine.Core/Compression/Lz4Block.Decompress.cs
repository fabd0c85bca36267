using System;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Compression;

// The decoder. Its input is untrusted: every length and offset is checked against both spans before use, each
// loop iteration consumes at least one input byte, and the work per input byte is bounded by the destination size.
internal static partial class Lz4Block
{
    // Overlapping matches shorter than this are copied byte by byte; longer ones in doubling chunks.
    private const int ShortOverlapCopy = 32;

    // Short literal runs and matches are copied in fixed 16-byte steps when both spans have room to spare.
    private const int WildCopyLength = 16;

    // Matches up to this long take the 16-byte steps; longer ones take one exact copy.
    private const int ShortMatch = 64;

    private enum DecodeError
    {
        None,
        Empty,
        MissingFinalLiterals,
        TruncatedLength,
        LengthTooLarge,
        LiteralsPastEnd,
        OutputTooLarge,
        TruncatedOffset,
        ZeroOffset,
        OffsetBeforeStart,
    }

    /// <summary>
    /// Decodes the LZ4 block <paramref name="source"/> into <paramref name="destination"/>.
    /// </summary>
    /// <returns>
    /// True with the decoded length in <paramref name="written"/>; false, with <paramref name="written"/> 0, when the
    /// block is malformed or decodes to more than <paramref name="destination"/> holds. On false, the contents of
    /// <paramref name="destination"/> are unspecified.
    /// </returns>
    public static bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        if (Decode(source, destination, out written, out _) != DecodeError.None)
        {
            written = 0;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Decodes the LZ4 block <paramref name="source"/> into <paramref name="destination"/> and returns the decoded
    /// length. A malformed block, or one that decodes to more than <paramref name="destination"/> holds, is a
    /// <see cref="CorruptionException"/> naming <see cref="CorruptionPath"/> and the offset in
    /// <paramref name="source"/> where decoding stopped.
    /// </summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        DecodeError error = Decode(source, destination, out int written, out int errorOffset);
        if (error != DecodeError.None)
        {
            ThrowHelper.ThrowCorruption(CorruptionPath, errorOffset, Describe(error));
        }

        return written;
    }

    private static DecodeError Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int written, out int errorOffset)
    {
        written = 0;
        errorOffset = 0;
        if (source.IsEmpty)
        {
            return DecodeError.Empty;
        }

        int ip = 0;
        int op = 0;
        while (true)
        {
            errorOffset = ip;
            if (ip >= source.Length)
            {
                return DecodeError.MissingFinalLiterals;
            }

            int token = source[ip++];
            int literalLength = token >> 4;
            if (literalLength != LengthNibbleMax && source.Length - ip >= WildCopyLength && destination.Length - op >= WildCopyLength)
            {
                // Short literals with room to spare in both spans: one fixed-size copy is cheaper than an exact one.
                // The bytes copied past the literals are overwritten by what follows, or lie past the output.
                source.Slice(ip, WildCopyLength).CopyTo(destination.Slice(op, WildCopyLength));
                ip += literalLength;
                op += literalLength;
            }
            else
            {
                if (literalLength == LengthNibbleMax)
                {
                    DecodeError lengthError = ReadExtension(source, ref ip, ref literalLength, source.Length - ip);
                    if (lengthError != DecodeError.None)
                    {
                        errorOffset = ip;
                        return lengthError;
                    }
                }

                if (literalLength > source.Length - ip)
                {
                    errorOffset = ip;
                    return DecodeError.LiteralsPastEnd;
                }

                if (literalLength > destination.Length - op)
                {
                    errorOffset = ip;
                    return DecodeError.OutputTooLarge;
                }

                source.Slice(ip, literalLength).CopyTo(destination[op..]);
                ip += literalLength;
                op += literalLength;
            }

            if (ip == source.Length)
            {
                written = op;
                return DecodeError.None;
            }

            errorOffset = ip;
            if (source.Length - ip < sizeof(ushort))
            {
                return DecodeError.TruncatedOffset;
            }

            int offset = source[ip] | (source[ip + 1] << 8);
            ip += sizeof(ushort);
            if (offset == 0)
            {
                return DecodeError.ZeroOffset;
            }

            if (offset > op)
            {
                return DecodeError.OffsetBeforeStart;
            }

            int matchLength = token & LengthNibbleMax;
            if (matchLength == LengthNibbleMax)
            {
                DecodeError lengthError = ReadExtension(source, ref ip, ref matchLength, destination.Length - op - MinMatch);
                if (lengthError != DecodeError.None)
                {
                    errorOffset = ip;
                    return lengthError;
                }
            }

            matchLength += MinMatch;
            if (matchLength > destination.Length - op)
            {
                errorOffset = ip;
                return DecodeError.OutputTooLarge;
            }

            CopyMatch(destination, op, offset, matchLength);
            op += matchLength;
        }
    }

    /// <summary>
    /// Adds the 255-continued length bytes at <paramref name="ip"/> to <paramref name="length"/>, failing as soon as
    /// the sum would pass <paramref name="limit"/>, so the sum never overflows and a run of 255s ends early.
    /// </summary>
    private static DecodeError ReadExtension(ReadOnlySpan<byte> source, ref int ip, ref int length, int limit)
    {
        while (true)
        {
            if (ip >= source.Length)
            {
                return DecodeError.TruncatedLength;
            }

            int value = source[ip++];
            if (value > limit - length)
            {
                return DecodeError.LengthTooLarge;
            }

            length += value;
            if (value != LengthExtensionMax)
            {
                return DecodeError.None;
            }
        }
    }

    /// <summary>Repeats <paramref name="length"/> bytes starting <paramref name="offset"/> bytes back from <paramref name="op"/>.</summary>
    private static void CopyMatch(Span<byte> destination, int op, int offset, int length)
    {
        int start = op - offset;
        int end = op + length;
        if (offset >= WildCopyLength && length <= 2 * WildCopyLength && destination.Length - op >= 2 * WildCopyLength)
        {
            // The common short match: two unconditional 16-byte steps cost less than a mispredicted loop exit.
            destination.Slice(start, WildCopyLength).CopyTo(destination.Slice(op, WildCopyLength));
            destination.Slice(start + WildCopyLength, WildCopyLength).CopyTo(destination.Slice(op + WildCopyLength, WildCopyLength));
            return;
        }

        if (offset >= WildCopyLength && length <= ShortMatch && destination.Length - end >= WildCopyLength)
        {
            // Each 16-byte step reads only bytes already written (offset >= 16) and may write up to 15 bytes past
            // the match, which the next sequence overwrites or which lie past the output.
            do
            {
                destination.Slice(start, WildCopyLength).CopyTo(destination.Slice(op, WildCopyLength));
                start += WildCopyLength;
                op += WildCopyLength;
            }
            while (op < end);
            return;
        }

        if (offset >= length)
        {
            destination.Slice(start, length).CopyTo(destination[op..]);
            return;
        }

        // The source overlaps the bytes being written: the output repeats with period 'offset', which a memmove
        // would not reproduce.
        if (length < ShortOverlapCopy)
        {
            for (int i = 0; i < length; i++)
            {
                destination[op + i] = destination[start + i];
            }

            return;
        }

        // Bytes from 'start' repeat with period 'offset', and (position - start) stays a multiple of it, so each
        // pass can copy everything written so far: the chunk doubles and never overlaps its own source.
        int position = op;
        while (position < end)
        {
            int chunk = Math.Min(end - position, position - start);
            destination.Slice(start, chunk).CopyTo(destination[position..]);
            position += chunk;
        }
    }

    private static string Describe(DecodeError error) => error switch
    {
        DecodeError.Empty => "empty lz4 block",
        DecodeError.MissingFinalLiterals => "lz4 block ends after a match instead of a literals-only sequence",
        DecodeError.TruncatedLength => "lz4 block ends inside a length",
        DecodeError.LengthTooLarge => "lz4 length exceeds the block or the destination",
        DecodeError.LiteralsPastEnd => "lz4 literals run past the end of the block",
        DecodeError.OutputTooLarge => "lz4 block decodes to more bytes than the destination holds",
        DecodeError.TruncatedOffset => "lz4 block ends inside a match offset",
        DecodeError.ZeroOffset => "lz4 match offset is zero",
        DecodeError.OffsetBeforeStart => "lz4 match offset points before the start of the output",
        _ => "lz4 block is malformed",
    };
}
