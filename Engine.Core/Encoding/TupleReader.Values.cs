using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Unicode;
using Engine.Api;
using Engine.Core.Buffers;
using Engine.Core.Errors;

namespace Engine.Core.Encoding;

/// <summary>The value accessors of <see cref="TupleReader"/>: each decodes the current element.</summary>
/// <remarks>
/// Calling an accessor with no current element is a caller error (<see cref="StorageErrorCode.FailedPrecondition"/>).
/// An element of another kind, or an integer outside the requested type, means the stored tuple does not
/// have the shape its reader expects, and throws <see cref="CorruptionException"/>; the <c>TryGet…</c>
/// forms return false instead.
/// </remarks>
internal ref partial struct TupleReader
{
    /// <summary>The current integer as an Int64.</summary>
    /// <exception cref="CorruptionException">The element is not an integer, or exceeds <see cref="long.MaxValue"/>.</exception>
    public readonly long GetInt64()
    {
        if (!TryGetInt64(out long value))
        {
            ThrowMismatch("an Int64");
        }

        return value;
    }

    /// <summary>The current integer as a UInt64.</summary>
    /// <exception cref="CorruptionException">The element is not an integer, or is negative.</exception>
    public readonly ulong GetUInt64()
    {
        if (!TryGetUInt64(out ulong value))
        {
            ThrowMismatch("a UInt64");
        }

        return value;
    }

    /// <summary>The current integer as an Int64; false when the element is not an integer or does not fit.</summary>
    public readonly bool TryGetInt64(out long value)
    {
        EnsureCurrent();
        if (_kind == TupleElementKind.Integer && (_negative || _magnitude <= long.MaxValue))
        {
            // The reader has checked that a negative magnitude is at most 2^63.
            value = _negative ? -(long)(_magnitude - 1) - 1 : (long)_magnitude;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The current integer as a UInt64; false when the element is not an integer or is negative.</summary>
    public readonly bool TryGetUInt64(out ulong value)
    {
        EnsureCurrent();
        if (_kind == TupleElementKind.Integer && !_negative)
        {
            value = _magnitude;
            return true;
        }

        value = 0;
        return false;
    }

    public readonly bool GetBoolean()
    {
        EnsureKind(TupleElementKind.Boolean);
        return _magnitude != 0;
    }

    /// <summary>The length of the current byte string or string once unescaped.</summary>
    public readonly int GetByteCount()
    {
        EnsureByteKind();
        return _payloadEnd - _payloadStart - _escapes;
    }

    /// <summary>
    /// The current byte string or string (as UTF-8) without copying, when it contains no 0x00 and so is
    /// stored contiguously; false otherwise, and the caller copies it out with <see cref="CopyBytesTo(IBufferWriter{byte})"/>.
    /// </summary>
    public readonly bool TryGetContiguousBytes(out ReadOnlySpan<byte> value)
    {
        EnsureByteKind();
        value = _escapes == 0 ? _data[_payloadStart.._payloadEnd] : default;
        return _escapes == 0;
    }

    /// <summary>Appends the current byte string or string (as UTF-8), unescaped; returns the number of bytes.</summary>
    public readonly int CopyBytesTo(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int count = GetByteCount();
        Unescape(destination.GetSpan(count));
        destination.Advance(count);
        return count;
    }

    /// <summary>Copies the current byte string or string (as UTF-8), unescaped, into a caller's span.</summary>
    /// <returns>False, copying nothing, when <paramref name="destination"/> is too short.</returns>
    public readonly bool TryCopyBytesTo(Span<byte> destination, out int bytesWritten)
    {
        int count = GetByteCount();
        if (destination.Length < count)
        {
            bytesWritten = 0;
            return false;
        }

        Unescape(destination);
        bytesWritten = count;
        return true;
    }

    /// <summary>The current string, decoded from UTF-8. Allocates the string.</summary>
    /// <exception cref="CorruptionException">The element is not a string, or its bytes are not valid UTF-8.</exception>
    public readonly string GetString()
    {
        EnsureKind(TupleElementKind.String);
        if (_escapes == 0)
        {
            return DecodeUtf8(_data[_payloadStart.._payloadEnd]);
        }

        using BufferLease scratch = BufferLease.Rent(GetByteCount());
        Unescape(scratch.Span);
        return DecodeUtf8(scratch.Span);
    }

    private readonly string DecodeUtf8(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            ThrowCorrupt(_start, "tuple string is not valid UTF-8");
        }

        return System.Text.Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Writes the payload with each 0x00 0xFF pair turned back into 0x00; the destination is long enough.</summary>
    private readonly void Unescape(Span<byte> destination)
    {
        ReadOnlySpan<byte> source = _data[_payloadStart.._payloadEnd];
        int written = 0;
        while (true)
        {
            int zero = source.IndexOf(TupleCodec.Terminator);
            if (zero < 0)
            {
                source.CopyTo(destination[written..]);
                return;
            }

            // Keep the 0x00, drop the 0xFF after it (FindTerminator has checked it is there).
            source[..(zero + 1)].CopyTo(destination[written..]);
            written += zero + 1;
            source = source[(zero + 2)..];
        }
    }

    private readonly void EnsureCurrent()
    {
        if (_start < 0)
        {
            ThrowHelper.ThrowFailedPrecondition("The tuple reader has no current element; call TryReadNext first.");
        }
    }

    private readonly void EnsureKind(TupleElementKind expected)
    {
        EnsureCurrent();
        if (_kind != expected)
        {
            ThrowMismatch(expected.ToString());
        }
    }

    private readonly void EnsureByteKind()
    {
        EnsureCurrent();
        if (_kind is not (TupleElementKind.Bytes or TupleElementKind.String))
        {
            ThrowMismatch("a byte string or string");
        }
    }

    [DoesNotReturn]
    private readonly void ThrowMismatch(string expected)
    {
        string found = _kind switch
        {
            TupleElementKind.Integer when _negative => "a negative integer",
            TupleElementKind.Integer when _magnitude > long.MaxValue => "an integer above Int64.MaxValue",
            TupleElementKind.Integer => "an integer",
            _ => _kind.ToString(),
        };
        ThrowCorrupt(_start, $"expected {expected} but the tuple element is {found}");
    }
}
