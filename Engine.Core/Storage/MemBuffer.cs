using System;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>
/// The growable contents of one in-memory file image: the bytes a <see cref="MemInode"/> holds now, or the bytes
/// it would hold after a crash.
/// </summary>
/// <remarks>
/// Not thread-safe; <see cref="MemFileSystem"/> guards every buffer with its lock. Invariant: the array is zero
/// beyond <see cref="Length"/>, so growing the file (a write past the end, or a truncate upwards) reads as zeros.
/// </remarks>
internal sealed class MemBuffer
{
    private byte[] _bytes;
    private int _length;

    public MemBuffer()
    {
        _bytes = [];
    }

    public MemBuffer(ReadOnlySpan<byte> content)
    {
        _bytes = content.ToArray();
        _length = content.Length;
    }

    /// <summary>The length of the contents in bytes.</summary>
    public int Length => _length;

    /// <summary>The contents; valid until the next change.</summary>
    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, growing the contents (with zeros) as needed.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Grow(offset + data.Length);
        data.CopyTo(_bytes.AsSpan((int)offset));
    }

    /// <summary>Cuts the contents to <paramref name="length"/> bytes, or extends them with zeros.</summary>
    public void SetLength(long length)
    {
        if (length < _length)
        {
            // Keep the zero-beyond-length invariant, so that a later extension reads zeros.
            Array.Clear(_bytes, (int)length, _length - (int)length);
            _length = (int)length;
        }
        else
        {
            Grow(length);
        }
    }

    /// <summary>Flips one bit; <paramref name="bitOffset"/> must be inside the contents.</summary>
    public void FlipBit(long bitOffset) => _bytes[bitOffset >> 3] ^= (byte)(1 << (int)(bitOffset & 7));

    public MemBuffer Clone() => new(Span);

    private void Grow(long length)
    {
        if (length <= _length)
        {
            return;
        }

        if (length > Array.MaxLength)
        {
            ThrowHelper.ThrowResourceExhausted($"an in-memory file cannot grow to {length} bytes");
        }

        if (length > _bytes.Length)
        {
            long capacity = Math.Min(Math.Max(length, 2L * _bytes.Length), Array.MaxLength);
            Array.Resize(ref _bytes, (int)capacity);
        }

        _length = (int)length;
    }
}
