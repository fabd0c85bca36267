using System;
using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Encoding;

/// <summary>
/// Appends tuple elements, in the order-preserving encoding described on <see cref="TupleCodec"/>, to an
/// <see cref="IBufferWriter{T}"/>. Each call writes one complete element with a single <c>GetSpan</c>, so
/// the output is valid after every call outside a nested tuple.
/// </summary>
/// <remarks>
/// Arguments that have no encoding (a string with an unpaired surrogate, invalid UTF-8, unbalanced
/// <see cref="EndNested"/>) throw <see cref="StorageException"/> before anything of the element is written.
/// Mutable ref struct (it counts nesting depth): pass it by <c>ref</c>, never by value. One owner; not thread-safe.
/// </remarks>
internal ref struct TupleWriter
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IBufferWriter<byte> _output;
    private int _depth;

    public TupleWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _depth = 0;
    }

    /// <summary>How many nested tuples are open; zero when the output is a complete tuple.</summary>
    public readonly int Depth => _depth;

    public readonly void AppendNull()
    {
        if (_depth == 0)
        {
            WriteByte(TupleCodec.NullCode);
            return;
        }

        // Inside a nested tuple a bare 0x00 would end it; the escape keeps null sorting below every other element.
        Span<byte> span = _output.GetSpan(2);
        span[0] = TupleCodec.NullCode;
        span[1] = TupleCodec.EscapeByte;
        _output.Advance(2);
    }

    public readonly void AppendBytes(ReadOnlySpan<byte> value) => AppendEscaped(TupleCodec.BytesCode, value);

    /// <summary>Appends a string as its UTF-8 bytes; a string with an unpaired surrogate is an argument error.</summary>
    public readonly void AppendString(ReadOnlySpan<char> value)
    {
        int utf8Length;
        try
        {
            utf8Length = s_strictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            ThrowHelper.ThrowInvalidArgument("A tuple string contains an unpaired surrogate and has no UTF-8 form.");
            return;
        }

        // U+0000 is the only character whose UTF-8 form contains a 0x00 byte, and it is exactly one byte.
        int zeros = value.Count('\0');
        Span<byte> span = _output.GetSpan(utf8Length + zeros + 2);
        span[0] = TupleCodec.StringCode;
        Span<byte> encoded = span.Slice(1 + zeros, utf8Length);
        s_strictUtf8.GetBytes(value, encoded);
        if (zeros > 0)
        {
            // The UTF-8 sits 'zeros' bytes to the right, so escaping forward never overtakes unread input.
            CopyEscaped(encoded, span[1..]);
        }

        span[1 + utf8Length + zeros] = TupleCodec.Terminator;
        _output.Advance(utf8Length + zeros + 2);
    }

    /// <summary>Appends a string given as UTF-8 bytes; invalid UTF-8 is an argument error.</summary>
    public readonly void AppendUtf8String(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            ThrowHelper.ThrowInvalidArgument("A tuple string is not valid UTF-8.");
        }

        AppendEscaped(TupleCodec.StringCode, utf8);
    }

    public readonly void AppendInt64(long value)
    {
        // -(value + 1) + 1 is |value| without overflowing at long.MinValue.
        ulong magnitude = value >= 0 ? (ulong)value : (ulong)(-(value + 1)) + 1;
        AppendInteger(value < 0, magnitude);
    }

    public readonly void AppendUInt64(ulong value) => AppendInteger(negative: false, value);

    public readonly void AppendBool(bool value) => WriteByte(value ? TupleCodec.TrueCode : TupleCodec.FalseCode);

    /// <summary>Opens a nested tuple; the elements appended until the matching <see cref="EndNested"/> belong to it.</summary>
    public void BeginNested()
    {
        WriteByte(TupleCodec.NestedCode);
        _depth++;
    }

    /// <summary>Closes the innermost nested tuple.</summary>
    public void EndNested()
    {
        if (_depth == 0)
        {
            ThrowHelper.ThrowFailedPrecondition("EndNested has no matching BeginNested.");
        }

        WriteByte(TupleCodec.Terminator);
        _depth--;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/>, writing each 0x00 as 0x00 0xFF.
    /// The two may overlap when the destination starts at or before the source.
    /// </summary>
    internal static int CopyEscaped(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = 0;
        while (true)
        {
            int zero = source.IndexOf(TupleCodec.Terminator);
            if (zero < 0)
            {
                source.CopyTo(destination[written..]);
                return written + source.Length;
            }

            source[..(zero + 1)].CopyTo(destination[written..]);
            written += zero + 1;
            destination[written++] = TupleCodec.EscapeByte;
            source = source[(zero + 1)..];
        }
    }

    private readonly void AppendEscaped(byte code, ReadOnlySpan<byte> value)
    {
        int length = value.Length + value.Count(TupleCodec.Terminator);
        Span<byte> span = _output.GetSpan(length + 2);
        span[0] = code;
        CopyEscaped(value, span[1..]);
        span[length + 1] = TupleCodec.Terminator;
        _output.Advance(length + 2);
    }

    private readonly void AppendInteger(bool negative, ulong magnitude)
    {
        int written = TupleCodec.WriteInteger(_output.GetSpan(TupleCodec.MaxIntegerLength), negative, magnitude);
        _output.Advance(written);
    }

    private readonly void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}
