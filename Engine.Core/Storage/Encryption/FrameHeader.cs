using System;
using System.Buffers.Binary;

namespace Engine.Core.Storage.Encryption;

/// <summary>The 20 plaintext bytes before a frame's ciphertext: where its plaintext goes, how long it is, its nonce counter.</summary>
/// <param name="PlainOffset">The offset of the frame's first plaintext byte in the file's plaintext.</param>
/// <param name="Length">The plaintext length, at most one page; 0 for a frame that only cuts the plaintext.</param>
/// <param name="Counter">The frame's nonce counter, strictly increasing along the file.</param>
internal readonly record struct FrameHeader(long PlainOffset, int Length, ulong Counter)
{
    /// <summary>Decodes a header; the fields are not validated here (see <see cref="FrameScanner"/>).</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source)
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(source);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        ulong counter = BinaryPrimitives.ReadUInt64LittleEndian(source[12..]);

        // Out-of-range values map to negatives, which every validation rejects.
        return new FrameHeader(offset > long.MaxValue ? -1 : (long)offset, length > int.MaxValue ? -1 : (int)length, counter);
    }

    /// <summary>The total size of the frame on disk.</summary>
    public int FrameSize => EncryptedFileFormat.FrameOverhead + Length;

    /// <summary>Encodes the header into the first 20 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)PlainOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], Counter);
    }

    /// <summary>True when the fields can describe a frame written with pages of <paramref name="pageSize"/> bytes.</summary>
    public bool IsWellFormed(int pageSize) =>
        PlainOffset >= 0
        && Length >= 0
        && Length <= pageSize
        && (Length == 0 || (PlainOffset / pageSize) == ((PlainOffset + Length - 1) / pageSize));
}
