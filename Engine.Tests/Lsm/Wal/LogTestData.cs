using System.Buffers.Binary;
using Engine.Lsm.Options;
using Engine.Lsm.Wal;

namespace Engine.Tests.Lsm.Wal;

/// <summary>Builders and readers shared by the log tests.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class LogTestData
{
    /// <summary>Recognisable payload bytes: record <paramref name="index"/> of <paramref name="size"/> bytes.</summary>
    public static byte[] Payload(int index, int size)
    {
        byte[] payload = new byte[size];
        new Random(index * 7919 + size).NextBytes(payload);
        return payload;
    }

    public static LogReadResult ReadAll(byte[] log, WalRecoveryMode mode = WalRecoveryMode.TolerateTornTail, string path = "000007.log")
    {
        using LogReader reader = new(log, path, mode);
        List<(long, byte[])> records = [];
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
        {
            records.Add((offset, record.ToArray()));
        }

        return new LogReadResult(records, reader.TornTailOffset, reader.DroppedBytes, reader.LastValidOffset, reader.SkippedRecords, reader.SkippedBytes);
    }

    /// <summary>Walks the chunks of an undamaged log, skipping block-tail padding.</summary>
    public static List<ParsedChunk> ParseChunks(ReadOnlySpan<byte> log)
    {
        List<ParsedChunk> chunks = [];
        int position = 0;
        while (position < log.Length)
        {
            if (LogFormat.BlockSize - (position % LogFormat.BlockSize) < LogFormat.HeaderSize)
            {
                position += LogFormat.BlockSize - (position % LogFormat.BlockSize);
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16LittleEndian(log[(position + 4)..]);
            ChunkType type = (ChunkType)log[position + 6];
            long sync = (long)BinaryPrimitives.ReadUInt64LittleEndian(log[(position + 7)..]);
            chunks.Add(new ParsedChunk(position, type, length, sync));
            position += LogFormat.HeaderSize + length;
        }

        return chunks;
    }

    /// <summary>Appends one hand-made chunk with a valid checksum, for logs no writer would produce.</summary>
    public static void AppendChunk(List<byte> log, ChunkType type, long syncOffset, byte[] payload)
    {
        byte[] header = new byte[LogFormat.HeaderSize];
        LogFormat.WriteHeader(header, type, syncOffset, payload);
        log.AddRange(header);
        log.AddRange(payload);
    }
}
