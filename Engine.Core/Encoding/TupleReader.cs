using System;
using System.Diagnostics.CodeAnalysis;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Encoding;

/// <summary>
/// Decodes a tuple written by <see cref="TupleWriter"/> one element at a time: <see cref="TryReadNext"/>
/// moves to the next element and validates it, then the <c>Get…</c> members (in
/// <c>TupleReader.Values.cs</c>) decode it. Nested tuples are read through <see cref="GetNested"/>, a reader
/// over the nested elements.
/// </summary>
/// <remarks>
/// Input is untrusted: anything a writer cannot produce throws a <see cref="CorruptionException"/> with the
/// path <c>"&lt;tuple&gt;"</c> and the offset of the offending byte from the start of the outermost tuple,
/// never a range or format exception. Nested tuples are scanned without recursion, so deep nesting
/// cannot exhaust the stack.
/// Mutable ref struct: pass it by <c>ref</c>, never by value. One owner; not thread-safe.
/// </remarks>
internal ref partial struct TupleReader
{
    private const string SourceName = "<tuple>";

    private readonly ReadOnlySpan<byte> _data;

    // Where _data starts within the outermost tuple; nested readers report offsets relative to that.
    private readonly int _baseOffset;

    // Inside a nested tuple a null is 0x00 0xFF; at the top level it is a lone 0x00.
    private readonly bool _nested;

    private int _next;
    private int _start;
    private TupleElementKind _kind;

    // Bytes, strings: the escaped payload is [_payloadStart, _payloadEnd) and holds _escapes escaped zeros.
    // Nested tuples: the elements are [_payloadStart, _payloadEnd).
    private int _payloadStart;
    private int _payloadEnd;
    private int _escapes;

    // Integers: the absolute value and the sign. Booleans: the value, in _magnitude (0 or 1).
    private ulong _magnitude;
    private bool _negative;

    /// <summary>Creates a reader over a complete top-level tuple.</summary>
    public TupleReader(ReadOnlySpan<byte> encoded)
        : this(encoded, nested: false, baseOffset: 0)
    {
    }

    private TupleReader(ReadOnlySpan<byte> data, bool nested, int baseOffset)
    {
        _data = data;
        _nested = nested;
        _baseOffset = baseOffset;
        _start = -1;
    }

    /// <summary>True after <see cref="TryReadNext"/> returned true, until it returns false.</summary>
    public readonly bool HasCurrent => _start >= 0;

    /// <summary>The kind of the current element.</summary>
    public readonly TupleElementKind Kind => _kind;

    /// <summary>How many bytes of the input the elements read so far occupy.</summary>
    public readonly int Position => _next;

    /// <summary>The encoded bytes of the current element, type code included; a slice of the input.</summary>
    public readonly ReadOnlySpan<byte> CurrentEncoded => _start >= 0 ? _data[_start.._next] : default;

    /// <summary>The encoded bytes after the current element: the rest of the tuple.</summary>
    public readonly ReadOnlySpan<byte> RemainingEncoded => _data[_next..];

    /// <summary>Moves to the next element and checks its encoding.</summary>
    /// <returns>False at the end of the tuple (or of the nested tuple this reader covers).</returns>
    /// <exception cref="CorruptionException">The element is malformed.</exception>
    public bool TryReadNext(out TupleElementKind kind)
    {
        if (_next >= _data.Length)
        {
            _start = -1;
            kind = default;
            return false;
        }

        int position = _next;
        _start = position;
        byte code = _data[position];
        switch (code)
        {
            case TupleCodec.NullCode:
                _kind = TupleElementKind.Null;
                _next = position + 1;
                if (_nested)
                {
                    if (_next >= _data.Length || _data[_next] != TupleCodec.EscapeByte)
                    {
                        ThrowCorrupt(position, "unescaped 0x00 inside a nested tuple");
                    }

                    _next++;
                }

                break;

            case TupleCodec.BytesCode:
            case TupleCodec.StringCode:
                _kind = code == TupleCodec.BytesCode ? TupleElementKind.Bytes : TupleElementKind.String;
                _payloadStart = position + 1;
                _payloadEnd = FindTerminator(position, out _escapes);
                _next = _payloadEnd + 1;
                break;

            case TupleCodec.NestedCode:
                _kind = TupleElementKind.Nested;
                _payloadStart = position + 1;
                _payloadEnd = FindNestedTerminator(position);
                _next = _payloadEnd + 1;
                break;

            case >= TupleCodec.MinIntegerCode and <= TupleCodec.MaxIntegerCode:
                _kind = TupleElementKind.Integer;
                _next = ParseInteger(position, out _magnitude, out _negative);
                break;

            case TupleCodec.FalseCode:
            case TupleCodec.TrueCode:
                _kind = TupleElementKind.Boolean;
                _magnitude = code == TupleCodec.TrueCode ? 1UL : 0UL;
                _next = position + 1;
                break;

            default:
                ThrowCorrupt(position, $"unknown tuple type code 0x{code:X2}");
                break;
        }

        kind = _kind;
        return true;
    }

    /// <summary>A reader over the elements of the current element, which must be a nested tuple.</summary>
    public readonly TupleReader GetNested()
    {
        EnsureKind(TupleElementKind.Nested);
        return new TupleReader(_data[_payloadStart.._payloadEnd], nested: true, _baseOffset + _payloadStart);
    }

    /// <summary>Finds the 0x00 that ends the byte string or string whose code is at <paramref name="start"/>.</summary>
    private readonly int FindTerminator(int start, out int escapes)
    {
        escapes = 0;
        int position = start + 1;
        while (true)
        {
            int zero = _data[position..].IndexOf(TupleCodec.Terminator);
            if (zero < 0)
            {
                ThrowCorrupt(start, "unterminated byte string");
            }

            position += zero;
            if (position + 1 < _data.Length && _data[position + 1] == TupleCodec.EscapeByte)
            {
                escapes++;
                position += 2;
                continue;
            }

            return position;
        }
    }

    /// <summary>
    /// Finds the 0x00 that ends the nested tuple whose code is at <paramref name="start"/>, checking every
    /// element inside. A depth counter replaces recursion.
    /// </summary>
    private readonly int FindNestedTerminator(int start)
    {
        int depth = 1;
        int position = start + 1;
        while (true)
        {
            if (position >= _data.Length)
            {
                ThrowCorrupt(start, "unterminated nested tuple");
            }

            byte code = _data[position];
            switch (code)
            {
                case TupleCodec.NullCode:
                    if (position + 1 < _data.Length && _data[position + 1] == TupleCodec.EscapeByte)
                    {
                        position += 2;
                        break;
                    }

                    if (--depth == 0)
                    {
                        return position;
                    }

                    position++;
                    break;

                case TupleCodec.NestedCode:
                    depth++;
                    position++;
                    break;

                case TupleCodec.BytesCode:
                case TupleCodec.StringCode:
                    position = FindTerminator(position, out _) + 1;
                    break;

                case >= TupleCodec.MinIntegerCode and <= TupleCodec.MaxIntegerCode:
                    position = ParseInteger(position, out _, out _);
                    break;

                case TupleCodec.FalseCode:
                case TupleCodec.TrueCode:
                    position++;
                    break;

                default:
                    ThrowCorrupt(position, $"unknown tuple type code 0x{code:X2}");
                    break;
            }
        }
    }

    /// <summary>Decodes the integer whose code is at <paramref name="start"/>; returns the offset after it.</summary>
    private readonly int ParseInteger(int start, out ulong magnitude, out bool negative)
    {
        int code = _data[start];
        negative = code < TupleCodec.IntegerZeroCode;
        int length = negative ? TupleCodec.IntegerZeroCode - code : code - TupleCodec.IntegerZeroCode;
        if (length > _data.Length - start - 1)
        {
            ThrowCorrupt(start, "truncated integer");
        }

        ReadOnlySpan<byte> bytes = _data.Slice(start + 1, length);
        if (length > 0 && bytes[0] == (negative ? 0xFF : 0x00))
        {
            ThrowCorrupt(start, "integer has a redundant leading byte");
        }

        ulong bits = 0;
        foreach (byte b in bytes)
        {
            bits = (bits << 8) | b;
        }

        // A negative magnitude is stored as its ones' complement within 'length' bytes.
        magnitude = negative ? (length == 8 ? ~bits : (~bits) & ((1UL << (8 * length)) - 1)) : bits;
        if (negative && magnitude > 1UL << 63)
        {
            ThrowCorrupt(start, "integer is below Int64.MinValue");
        }

        return start + 1 + length;
    }

    [DoesNotReturn]
    private readonly void ThrowCorrupt(int position, string reason) =>
        ThrowHelper.ThrowCorruption(SourceName, _baseOffset + position, reason);
}
