using System;
using System.Buffers.Binary;
using Engine.Core.Hashing;

namespace Engine.Lsm.Wal;

/// <summary>
/// Constants and chunk-header encoding of the log record format shared by the WAL and the manifest; the byte
/// layout is drawn at the top of <see cref="LogWriter"/> and in docs/format/wal.md.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class LogFormat
{
    /// <summary>The size of a block, in bytes. Chunks never cross a block boundary.</summary>
    public const int BlockSize = 32 * 1024;

    /// <summary>The size of a chunk header, in bytes: crc32c (4), length (2), type (1), sync offset (8).</summary>
    public const int HeaderSize = 15;

    /// <summary>The largest payload one chunk carries: a whole block less its header.</summary>
    public const int MaxChunkPayload = BlockSize - HeaderSize;

    private const int CrcOffset = 0;
    private const int LengthOffset = 4;
    private const int TypeOffset = 6;
    private const int SyncOffsetOffset = 7;

    /// <summary>
    /// Writes the header of a chunk carrying <paramref name="payload"/> into the first <see cref="HeaderSize"/>
    /// bytes of <paramref name="header"/>.
    /// </summary>
    public static void WriteHeader(Span<byte> header, ChunkType type, long syncOffset, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(header[LengthOffset..], (ushort)payload.Length);
        header[TypeOffset] = (byte)type;
        BinaryPrimitives.WriteUInt64LittleEndian(header[SyncOffsetOffset..], (ulong)syncOffset);
        uint crc = Crc32C.Extend(Crc32C.Compute(header[TypeOffset..HeaderSize]), payload);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], Crc32C.Mask(crc));
    }

    /// <summary>The payload length a chunk header declares, checked or not.</summary>
    public static int ReadLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header[LengthOffset..]);

    /// <summary>
    /// Checks the chunk that starts at <paramref name="position"/> of a log whose whole content is
    /// <paramref name="log"/>.
    /// </summary>
    /// <returns>
    /// Null when the chunk is usable, with its type, payload length and sync offset; otherwise why it is not
    /// (a constant string: checking costs no allocation).
    /// </returns>
    public static string? CheckChunk(ReadOnlySpan<byte> log, int position, out ChunkType type, out int length, out long syncOffset)
    {
        type = ChunkType.Zero;
        length = 0;
        syncOffset = 0;
        if (log.Length - position < HeaderSize)
        {
            return "chunk header past the end of the file";
        }

        ReadOnlySpan<byte> header = log.Slice(position, HeaderSize);
        if (!header.ContainsAnyExcept((byte)0))
        {
            return "zero chunk header";
        }

        byte typeByte = header[TypeOffset];
        if (typeByte is < (byte)ChunkType.Full or > (byte)ChunkType.Last)
        {
            return "unknown chunk type";
        }

        int payloadLength = BinaryPrimitives.ReadUInt16LittleEndian(header[LengthOffset..]);
        if ((position % BlockSize) + HeaderSize + payloadLength > BlockSize)
        {
            return "chunk length past the end of its block";
        }

        if (log.Length - position - HeaderSize < payloadLength)
        {
            return "chunk payload past the end of the file";
        }

        ulong sync = BinaryPrimitives.ReadUInt64LittleEndian(header[SyncOffsetOffset..]);
        if (sync > (ulong)position)
        {
            // A writer vouches only for bytes written before the chunk. Checked before the checksum because it is
            // cheap and rejects almost every false start when the reader scans damaged bytes for chunks.
            return "chunk sync offset past the chunk";
        }

        ReadOnlySpan<byte> payload = log.Slice(position + HeaderSize, payloadLength);
        uint expected = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(header[CrcOffset..]));
        if (Crc32C.Extend(Crc32C.Compute(header[TypeOffset..HeaderSize]), payload) != expected)
        {
            return "chunk checksum mismatch";
        }

        type = (ChunkType)typeByte;
        length = payloadLength;
        syncOffset = (long)sync;
        return null;
    }
}
