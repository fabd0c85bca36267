using System;
using System.Buffers;
using System.Numerics;

namespace Engine.Core.Encoding;

/// <summary>
/// The order-preserving tuple encoding that typed keys are built on, after FoundationDB's tuple layer:
/// comparing two encodings bytewise (unsigned, a shorter string that is a prefix of a longer one first)
/// orders them exactly as comparing the tuples element by element. <see cref="TupleWriter"/> writes it,
/// <see cref="TupleReader"/> reads it; this class holds the type codes and the range helpers.
/// </summary>
/// <remarks>
/// <code>
/// A tuple is its elements' encodings concatenated, with no header or count, so the encoding of
/// (a, b) is a prefix of the encoding of (a, b, c). Each element starts with a type code:
///
///  code        element                      payload after the code
///  ----------  ---------------------------  ----------------------------------------------------------
///  0x00        null                         none (inside a nested tuple: 0x00 0xFF, see below)
///  0x01        byte string                  the bytes, each 0x00 written 0x00 0xFF; then 0x00
///  0x02        UTF-8 string                 its UTF-8 bytes, escaped as for 0x01; then 0x00
///  0x05        nested tuple                 its elements, nulls written 0x00 0xFF; then 0x00
///  0x0C..0x13  negative integer, 8..1 bytes the ones' complement of |v|, big-endian, in 0x14-code bytes
///  0x14        integer zero                 none
///  0x15..0x1C  positive integer, 1..8 bytes |v| big-endian in code-0x14 bytes, no leading zero byte
///  0x26        false                        none
///  0x27        true                         none
///  other       (reserved; FoundationDB's codes for floats, UUIDs and versionstamps fit in the gaps)
///
///  Examples:  ("a", 1)        02 61 00 15 01
///             (b"\0\xFF")     01 00 FF FF 00
///             (-1)            13 FE              (-256 is 12 FE FF, 300 is 16 01 2C)
///             (("x", null))   05 02 78 00 00 FF 00
/// </code>
/// Cross-type order follows the codes: null &lt; byte string &lt; string &lt; nested tuple &lt; integer &lt;
/// false &lt; true. Signed and unsigned integers share one numeric domain: <c>AppendInt64(5)</c> and
/// <c>AppendUInt64(5)</c> write the same bytes, and any Int64 sorts correctly against any UInt64.
/// Integers use the fewest bytes possible (0 takes one byte, <see cref="ulong.MaxValue"/> nine); within
/// one length, big-endian magnitude orders positives and its ones' complement orders negatives, and the
/// length in the code orders values of different lengths.
/// <para>
/// Why the order holds: no type code is 0xFF, so the 0xFF after an escaped 0x00 sorts above whatever can
/// follow a terminator (the next element's code, a nested terminator, or the end). Hence "a" &lt; "a\0",
/// and a tuple sorts before every tuple it is a prefix of, at any depth.
/// </para>
/// <para>
/// Readers reject what a writer cannot produce (unknown codes, missing terminators, integers with a
/// redundant leading byte or outside the Int64/UInt64 range) with a <c>CorruptionException</c> naming
/// <c>"&lt;tuple&gt;"</c> and the offset, so every key has exactly one encoding and equal tuples have equal bytes.
/// </para>
/// Stateless; thread-safe.
/// </remarks>
internal static class TupleCodec
{
    /// <summary>The code of a null element, and the terminator of strings and nested tuples.</summary>
    public const byte NullCode = 0x00;

    public const byte BytesCode = 0x01;

    public const byte StringCode = 0x02;

    public const byte NestedCode = 0x05;

    /// <summary>The code of integer zero; <c>IntegerZeroCode ± n</c> introduces an n-byte magnitude.</summary>
    public const byte IntegerZeroCode = 0x14;

    /// <summary>The code of an 8-byte negative integer, the lowest integer code.</summary>
    public const byte MinIntegerCode = IntegerZeroCode - 8;

    /// <summary>The code of an 8-byte positive integer, the highest integer code.</summary>
    public const byte MaxIntegerCode = IntegerZeroCode + 8;

    public const byte FalseCode = 0x26;

    public const byte TrueCode = 0x27;

    /// <summary>Follows a 0x00 that belongs to the data (or a null inside a nested tuple) rather than ending it.</summary>
    public const byte EscapeByte = 0xFF;

    /// <summary>Ends a byte string, a string or a nested tuple.</summary>
    public const byte Terminator = 0x00;

    /// <summary>The longest encoding of an integer element: the code and eight bytes.</summary>
    public const int MaxIntegerLength = 9;

    /// <summary>
    /// Writes the smallest byte string that is greater than every byte string starting with
    /// <paramref name="prefix"/>: the exclusive end of a range scan over that prefix. It is the prefix with
    /// trailing 0xFF bytes dropped and the last remaining byte incremented.
    /// </summary>
    /// <returns>False, writing nothing, when no such string exists (the prefix is empty or all 0xFF): scan to the end instead.</returns>
    public static bool TryWritePrefixUpperBound(ReadOnlySpan<byte> prefix, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int last = prefix.LastIndexOfAnyExcept(EscapeByte);
        if (last < 0)
        {
            return false;
        }

        Span<byte> span = output.GetSpan(last + 1);
        prefix[..last].CopyTo(span);
        span[last] = (byte)(prefix[last] + 1);
        output.Advance(last + 1);
        return true;
    }

    /// <summary>
    /// Turns <paramref name="key"/>, in place, into the exclusive upper bound of the keys it prefixes,
    /// as <see cref="TryWritePrefixUpperBound"/> does.
    /// </summary>
    /// <param name="key">The prefix; on success its first <paramref name="length"/> bytes are the bound.</param>
    /// <param name="length">The length of the bound, at most the length of <paramref name="key"/>.</param>
    /// <returns>False, leaving <paramref name="key"/> unchanged, when there is no bound.</returns>
    public static bool TryIncrementPrefix(Span<byte> key, out int length)
    {
        int last = key.LastIndexOfAnyExcept(EscapeByte);
        if (last < 0)
        {
            length = 0;
            return false;
        }

        key[last]++;
        length = last + 1;
        return true;
    }

    /// <summary>The number of bytes of an integer's magnitude: 0 for zero, else 1 to 8.</summary>
    internal static int GetMagnitudeLength(ulong magnitude) => (71 - BitOperations.LeadingZeroCount(magnitude)) >> 3;

    /// <summary>Writes an integer element (code and magnitude bytes) and returns its length, 1 to <see cref="MaxIntegerLength"/>.</summary>
    internal static int WriteInteger(Span<byte> destination, bool negative, ulong magnitude)
    {
        int length = GetMagnitudeLength(magnitude);
        destination[0] = (byte)(negative ? IntegerZeroCode - length : IntegerZeroCode + length);
        ulong bits = negative ? ~magnitude : magnitude;
        for (int i = length; i > 0; i--)
        {
            destination[i] = (byte)bits;
            bits >>= 8;
        }

        return length + 1;
    }
}
