using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using MessagePack;

namespace Engine.Api.LocalFirst.Documents.Codec;

/// <summary>
/// The order-preserving encoding of JSON values that index keys, sort keys and filter comparisons are built on:
/// comparing two encodings bytewise orders them as the values order. Every encoding is self-delimiting (no encoding is
/// a prefix of another), so encodings concatenate into compound keys, the keys that start with one encoding are exactly
/// the entries of that value, and inverting every bit of an encoding reverses its order (descending index fields).
/// </summary>
/// <remarks>
/// <code>
///  code  value      payload
///  ----  ---------  ------------------------------------------------------------------------------------------
///  0x01  (missing)  none: the field is absent, or a path goes through a non-object
///  0x02  null       none
///  0x03  false      none
///  0x04  true       none
///  0x05  number     8 bytes: the nearest double, sign-flipped big-endian (negatives: all bits inverted; -0 is 0);
///                   2 bytes: the exact value minus that double (an integer beyond 2^53), big-endian, sign bit flipped
///  0x06  string     its UTF-8 bytes, each 0x00 written 0x00 0xFF; then 0x00 0x00
///  0x07  array      its elements' encodings; then 0x00
///  0x08  object     per property, in ascending UTF-8 order of the names: the name as a string (0x06 ...), the value;
///                   then 0x00
/// </code>
/// Integers and doubles share one numeric order (1 and 1.0 encode the same); strings order by UTF-8 bytes, which is
/// code-point order. Stateless; thread-safe.
/// </remarks>
internal static class OrderedValue
{
    public const byte Terminator = 0x00;
    public const byte Missing = 0x01;
    public const byte Null = 0x02;
    public const byte False = 0x03;
    public const byte True = 0x04;
    public const byte Number = 0x05;
    public const byte String = 0x06;
    public const byte Array = 0x07;
    public const byte Object = 0x08;

    /// <summary>The length of a number's encoding: the code, the double, the correction.</summary>
    public const int NumberLength = 11;

    private const byte Escape = 0xFF;

    /// <summary>Writes the encoding of the MessagePack value at <paramref name="reader"/> and moves past it.</summary>
    /// <exception cref="FormatException">The value is not one a document holds.</exception>
    public static void Write(ref MessagePackReader reader, IBufferWriter<byte> output, int depth = 0)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                WriteByte(output, Null);
                break;
            case MessagePackType.Boolean:
                WriteByte(output, reader.ReadBoolean() ? True : False);
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    ulong unsigned = reader.ReadUInt64();
                    WriteNumber(output, unsigned, (Int128)unsigned);
                }
                else
                {
                    long signed = reader.ReadInt64();
                    WriteNumber(output, signed, signed);
                }

                break;
            case MessagePackType.Float:
                double number = reader.ReadDouble();
                if (!double.IsFinite(number))
                {
                    throw new FormatException("a float is NaN or infinite");
                }

                WriteNumber(output, number, null);
                break;
            case MessagePackType.String:
                WriteString(output, DocumentDecoder.ReadUtf8(ref reader));
                break;
            case MessagePackType.Array:
                CheckDepth(depth);
                int length = reader.ReadArrayHeader();
                WriteByte(output, Array);
                for (int i = 0; i < length; i++)
                {
                    Write(ref reader, output, depth + 1);
                }

                WriteByte(output, Terminator);
                break;
            case MessagePackType.Map:
                CheckDepth(depth);
                WriteObject(ref reader, output, depth);
                break;
            default:
                throw new FormatException($"a document holds no {reader.NextMessagePackType} values");
        }
    }

    /// <summary>The encoding of one bare MessagePack value (a filter constant).</summary>
    public static byte[] Encode(ReadOnlyMemory<byte> messagePack)
    {
        ArrayBufferWriter<byte> output = new(16);
        MessagePackReader reader = new(messagePack);
        Write(ref reader, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes the missing marker.</summary>
    public static void WriteMissing(IBufferWriter<byte> output) => WriteByte(output, Missing);

    /// <summary>Inverts every bit of <paramref name="written"/>, turning ascending encodings into descending ones.</summary>
    public static void Invert(Span<byte> written)
    {
        for (int i = 0; i < written.Length; i++)
        {
            written[i] = (byte)~written[i];
        }
    }

    /// <summary>The writable bytes an <see cref="ArrayBufferWriter{T}"/> holds from <paramref name="start"/> on.</summary>
    public static Span<byte> WrittenFrom(ArrayBufferWriter<byte> writer, int start) =>
        MemoryMarshal.AsMemory(writer.WrittenMemory).Span[start..];

    /// <summary>
    /// The length of the encoding at the start of <paramref name="encoded"/>, read with every bit inverted when
    /// <paramref name="inverted"/> (a descending field).
    /// </summary>
    /// <exception cref="FormatException">The bytes do not start with a complete encoding.</exception>
    public static int Measure(ReadOnlySpan<byte> encoded, bool inverted)
    {
        byte mask = inverted ? (byte)0xFF : (byte)0;
        int position = 0;
        int depth = 0;
        while (true)
        {
            byte code = (byte)(At(encoded, position++) ^ mask);
            switch (code)
            {
                case Missing or Null or False or True:
                    break;
                case Number:
                    if (encoded.Length < position + NumberLength - 1)
                    {
                        throw new FormatException("a number is truncated");
                    }

                    position += NumberLength - 1;
                    break;
                case String:
                    position = SkipString(encoded, position, mask);
                    break;
                case Array or Object:
                    if (++depth > DocumentFormat.MaxDepth)
                    {
                        throw new FormatException("an encoded value nests too deep");
                    }

                    // Object entries are a string then a value: both are read as elements here.
                    continue;
                case Terminator when depth > 0:
                    depth--;
                    break;
                default:
                    throw new FormatException($"0x{code:X2} is no value code");
            }

            if (depth == 0)
            {
                return position;
            }
        }
    }

    private static int SkipString(ReadOnlySpan<byte> encoded, int position, byte mask)
    {
        while (true)
        {
            if ((byte)(At(encoded, position++) ^ mask) != Terminator)
            {
                continue;
            }

            byte next = (byte)(At(encoded, position++) ^ mask);
            if (next == Terminator)
            {
                return position;
            }

            if (next != Escape)
            {
                throw new FormatException("a zero byte in a string is neither escaped nor the end");
            }
        }
    }

    private static byte At(ReadOnlySpan<byte> encoded, int position) =>
        position < encoded.Length ? encoded[position] : throw new FormatException("an encoded value is truncated");

    private static void WriteObject(ref MessagePackReader reader, IBufferWriter<byte> output, int depth)
    {
        int count = reader.ReadMapHeader();
        List<(byte[] Name, byte[] Value)> entries = new(count);
        ArrayBufferWriter<byte> scratch = new();
        for (int i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new FormatException($"a map key is {reader.NextMessagePackType}, not a string");
            }

            byte[] name = DocumentDecoder.ReadUtf8(ref reader).ToArray();
            scratch.ResetWrittenCount();
            Write(ref reader, scratch, depth + 1);
            entries.Add((name, scratch.WrittenSpan.ToArray()));
        }

        // Property order carries no meaning in JSON: equal objects must encode equally.
        entries.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        WriteByte(output, Object);
        foreach ((byte[] name, byte[] value) in entries)
        {
            WriteString(output, name);
            output.Write(value);
        }

        WriteByte(output, Terminator);
    }

    private static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        int length = utf8.Length + utf8.Count(Terminator);
        Span<byte> span = output.GetSpan(length + 3);
        span[0] = String;
        int written = 1;
        foreach (byte b in utf8)
        {
            span[written++] = b;
            if (b == Terminator)
            {
                span[written++] = Escape;
            }
        }

        // Two zero bytes end a string, so no string's encoding is a prefix of another's ("a" and "a\0"): ranges built
        // from one encoding never take in the other, and inverting the bytes reverses the order.
        span[written] = Terminator;
        span[written + 1] = Terminator;
        output.Advance(length + 3);
    }

    /// <summary>Writes a number: the nearest double, then the exact value's distance from it (zero for a double).</summary>
    private static void WriteNumber(IBufferWriter<byte> output, double nearest, Int128? exact)
    {
        if (nearest == 0)
        {
            nearest = 0; // -0.0 equals 0.0 and must encode the same
        }

        // Below 2^64 a double's spacing is at most 2^12, so the distance to the nearest double fits 16 bits.
        short correction = exact is { } value ? (short)(value - (Int128)nearest) : (short)0;
        long bits = BitConverter.DoubleToInt64Bits(nearest);
        bits = bits < 0 ? ~bits : bits ^ long.MinValue;
        Span<byte> span = output.GetSpan(NumberLength);
        span[0] = Number;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], bits);
        BinaryPrimitives.WriteUInt16BigEndian(span[9..], (ushort)(correction ^ short.MinValue));
        output.Advance(NumberLength);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= DocumentFormat.MaxDepth)
        {
            throw new FormatException($"a value nests deeper than {DocumentFormat.MaxDepth} levels");
        }
    }
}
