using System;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Identifiers;

/// <summary>The text form of <see cref="Ksuid"/>: 27 base62 characters.</summary>
/// <remarks>
/// The 20 bytes are read as one 160-bit big-endian number and written in base 62 with the alphabet
/// <c>0-9A-Za-z</c>, most significant digit first, left-padded with '0' to 27 characters (62^27 is just
/// above 2^160). The alphabet is in ASCII order, so ordinal string order equals binary order.
/// The arithmetic works on five 32-bit words, most significant first.
/// </remarks>
internal readonly partial struct Ksuid : ISpanFormattable
{
    /// <summary>The length of the text form, in characters.</summary>
    public const int StringLength = 27;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int WordCount = ByteLength / sizeof(uint);

    private enum ParseStatus
    {
        Ok,
        WrongLength,
        BadCharacter,
        Overflow,
    }

    /// <summary>Parses the 27-character text form.</summary>
    /// <exception cref="StorageException">
    /// <see cref="StorageErrorCode.InvalidArgument"/> when the text has the wrong length, a character outside
    /// 0-9A-Za-z, or a value above the largest KSUID.
    /// </exception>
    public static Ksuid Parse(ReadOnlySpan<char> text)
    {
        ParseStatus status = TryParseCore(text, out Ksuid result, out int badIndex);
        if (status != ParseStatus.Ok)
        {
            ThrowParseError(text, status, badIndex);
        }

        return result;
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{char})"/>
    public static Ksuid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses the text form; false, with <paramref name="result"/> empty, when it is not a valid KSUID.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ksuid result) =>
        TryParseCore(text, out result, out _) == ParseStatus.Ok;

    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, out Ksuid)"/>
    public static bool TryParse(string? text, out Ksuid result) => TryParse(text.AsSpan(), out result);

    public override string ToString() => string.Create(StringLength, this, static (chars, ksuid) => ksuid.Format(chars));

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the 27 characters to <paramref name="destination"/>; false when it is too short.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (destination.Length < StringLength)
        {
            charsWritten = 0;
            return false;
        }

        Format(destination);
        charsWritten = StringLength;
        return true;
    }

    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    private void Format(Span<char> destination)
    {
        Span<uint> words = stackalloc uint[WordCount];
        words[0] = _timestamp;
        words[1] = (uint)(_payloadHigh >> 32);
        words[2] = (uint)_payloadHigh;
        words[3] = (uint)(_payloadLow >> 32);
        words[4] = (uint)_payloadLow;

        // Long division of the 160-bit number by 62, once per digit, least significant digit first.
        for (int digit = StringLength - 1; digit >= 0; digit--)
        {
            ulong remainder = 0;
            for (int i = 0; i < WordCount; i++)
            {
                ulong current = (remainder << 32) | words[i];
                words[i] = (uint)(current / 62);
                remainder = current % 62;
            }

            destination[digit] = Alphabet[(int)remainder];
        }
    }

    private static ParseStatus TryParseCore(ReadOnlySpan<char> text, out Ksuid result, out int badIndex)
    {
        result = default;
        badIndex = -1;
        if (text.Length != StringLength)
        {
            return ParseStatus.WrongLength;
        }

        Span<uint> words = stackalloc uint[WordCount];
        words.Clear();
        for (int index = 0; index < StringLength; index++)
        {
            int digit = DigitValue(text[index]);
            if (digit < 0)
            {
                badIndex = index;
                return ParseStatus.BadCharacter;
            }

            // words = words * 62 + digit, least significant word first; a carry out of the top word overflows.
            ulong carry = (ulong)digit;
            for (int i = WordCount - 1; i >= 0; i--)
            {
                ulong current = ((ulong)words[i] * 62) + carry;
                words[i] = (uint)current;
                carry = current >> 32;
            }

            if (carry != 0)
            {
                return ParseStatus.Overflow;
            }
        }

        result = new Ksuid(
            words[0],
            ((ulong)words[1] << 32) | words[2],
            ((ulong)words[3] << 32) | words[4]);
        return ParseStatus.Ok;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        >= 'a' and <= 'z' => c - 'a' + 36,
        _ => -1,
    };

    private static void ThrowParseError(ReadOnlySpan<char> text, ParseStatus status, int badIndex)
    {
        string message = status switch
        {
            ParseStatus.WrongLength => $"A KSUID is {StringLength} characters long, not {text.Length}.",
            ParseStatus.BadCharacter => $"'{text[badIndex]}' at position {badIndex} is not a base62 digit (0-9, A-Z, a-z) in KSUID '{text}'.",
            _ => $"KSUID '{text}' is larger than the largest KSUID ({MaxValue}).",
        };
        ThrowHelper.ThrowInvalidArgument(message);
    }
}
