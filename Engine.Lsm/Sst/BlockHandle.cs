using System;
using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Lsm.Sst;

/// <summary>The location of a block's contents in a table: offset and size, the 5-byte trailer excluded.</summary>
/// <remarks>
/// In index and metaindex values a handle is two varint64s (offset, size); the footer stores its two handles as
/// fixed u64 pairs instead (<see cref="Footer"/>). Immutable; thread-safe.
/// </remarks>
internal readonly record struct BlockHandle(long Offset, int Size)
{
    /// <summary>The longest varint encoding of a handle, in bytes.</summary>
    public const int MaxEncodedLength = 2 * Varint.MaxLength64;

    /// <summary>The offset just past the block's trailer.</summary>
    public long End => Offset + Size + BlockTrailer.Size;

    /// <summary>Writes the handle as two varint64s into <paramref name="destination"/>; returns the length.</summary>
    public int EncodeTo(Span<byte> destination)
    {
        int written = Varint.Write(destination, (ulong)Offset);
        return written + Varint.Write(destination[written..], (ulong)Size);
    }

    /// <summary>Appends the handle as two varint64s.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        output.WriteVarint64((ulong)Offset);
        output.WriteVarint64((ulong)Size);
    }

    /// <summary>
    /// Reads a handle from the start of <paramref name="source"/>; false when the varints are malformed, the offset
    /// exceeds <see cref="long.MaxValue"/> or the size <see cref="int.MaxValue"/>.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out BlockHandle handle, out int bytesRead)
    {
        handle = default;
        bytesRead = 0;
        if (!Varint.TryRead(source, out ulong offset, out int n1)
            || !Varint.TryRead(source[n1..], out ulong size, out int n2)
            || offset > long.MaxValue
            || size > int.MaxValue)
        {
            return false;
        }

        handle = new BlockHandle((long)offset, (int)size);
        bytesRead = n1 + n2;
        return true;
    }

    /// <summary>True when the block and its trailer lie inside <c>[0, limit)</c>.</summary>
    public bool FitsBefore(long limit) => Offset <= limit && (long)Size + BlockTrailer.Size <= limit - Offset;
}
