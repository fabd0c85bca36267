using System.Buffers.Binary;
using Engine.Core.Storage;
using Engine.Fuzz.Driver;
using Engine.Lsm.Options;
using Engine.Lsm.Wal;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The log record reader (<see cref="LogReader"/>) of the WAL and the manifest, in both recovery modes.</summary>
/// <remarks>
/// <code>
/// input := | flags (1 B) | log bytes |
/// flags bit 0: recompute every chunk's CRC before reading, so edits reach the length, type and sync-offset checks
///              instead of stopping at the checksum.
/// </code>
/// <see cref="WalRecoveryMode.TolerateTornTail"/> may reject the log with <see cref="CorruptionException"/>;
/// <see cref="WalRecoveryMode.SkipCorrupted"/> promises to skip damage and go on, so any exception there is a
/// finding. Either mode must return fewer records than the log has bytes, and keep its offsets inside the log. The
/// file is read through <see cref="LogReader.Open"/> from a <see cref="MemFileSystem"/>, as recovery reads it.
/// One thread at a time.
/// </remarks>
internal sealed class WalTarget : IFuzzTarget
{
    private const string LogPath = "/fuzz/000001.log";

    public string Name => "wal";

    public string Description => "Engine.Lsm.Wal.LogReader: chunks, torn tails and resynchronisation, in both recovery modes";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte[] log = input[1..].ToArray();
        if ((input[0] & 1) != 0)
        {
            Reseal(log);
        }

        MemFileSystem fs = new();
        fs.CreateDirectory("/fuzz");
        fs.WriteAllBytes(LogPath, log, sync: true);
        ReadAll(fs, log.Length, WalRecoveryMode.SkipCorrupted);
        try
        {
            ReadAll(fs, log.Length, WalRecoveryMode.TolerateTornTail);
        }
        catch (CorruptionException ex) when (ex.Offset >= 0 && ex.Offset <= log.Length)
        {
            // The tolerant mode's documented rejection of damage in synced bytes.
        }
    }

    public bool IsExpectedRejection(Exception exception) => false;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Seed(0, []);
        yield return Seed(1, ["a"u8.ToArray()]);
        yield return Seed(0, [[], "first"u8.ToArray(), [], new byte[200]]);
        yield return Seed(1, [.. Enumerable.Range(0, 40).Select(i => System.Text.Encoding.ASCII.GetBytes($"record {i} {new string('x', i * 7)}"))]);

        // A record that spans blocks (FIRST, MIDDLE, LAST chunks) between two small ones.
        byte[] large = new byte[LogFormat.BlockSize + 1000];
        new Random(7).NextBytes(large);
        yield return Seed(1, ["before"u8.ToArray(), large, "after"u8.ToArray()]);
    }

    private static byte[] Seed(byte flags, IEnumerable<byte[]> records)
    {
        MemFileSystem fs = new();
        fs.CreateDirectory("/fuzz");
        using (LogWriter writer = new(fs.Create(LogPath)))
        {
            int n = 0;
            foreach (byte[] record in records)
            {
                writer.AddRecord(record);

                // Syncs between records give chunks different sync offsets, which the torn-tail rules read.
                if (++n % 3 == 0)
                {
                    writer.Sync();
                }
            }

            writer.Sync();
        }

        return [flags, .. fs.ReadAllBytes(LogPath)];
    }

    private static void ReadAll(MemFileSystem fs, int length, WalRecoveryMode mode)
    {
        using IReadableFile file = fs.OpenRead(LogPath);
        using LogReader reader = LogReader.Open(file, mode);
        int records = 0;
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
        {
            if (++records > length)
            {
                throw new FuzzCheckException($"{mode}: more records than the log has bytes ({length})");
            }

            if (offset < 0 || offset >= length || record.Length > length)
            {
                throw new FuzzCheckException($"{mode}: record of {record.Length} bytes at offset {offset} in a log of {length} bytes");
            }
        }

        if (reader.LastValidOffset > length || reader.TornTailOffset is < 0 || reader.TornTailOffset > length || reader.DroppedBytes < 0)
        {
            throw new FuzzCheckException($"{mode}: offsets outside the log (last valid {reader.LastValidOffset}, torn tail {reader.TornTailOffset})");
        }
    }

    /// <summary>Rewrites the CRC of every chunk whose header and payload fit its block, keeping its length, type and sync offset.</summary>
    private static void Reseal(Span<byte> log)
    {
        int position = 0;
        while (log.Length - position >= LogFormat.HeaderSize)
        {
            int blockEnd = Math.Min(log.Length, ((position / LogFormat.BlockSize) + 1) * LogFormat.BlockSize);
            if (blockEnd - position < LogFormat.HeaderSize)
            {
                position = blockEnd;
                continue;
            }

            Span<byte> header = log.Slice(position, LogFormat.HeaderSize);
            int length = LogFormat.ReadLength(header);
            if (length > blockEnd - position - LogFormat.HeaderSize)
            {
                position = blockEnd;
                continue;
            }

            ChunkType type = (ChunkType)header[6];
            long syncOffset = BinaryPrimitives.ReadInt64LittleEndian(header[7..]);
            LogFormat.WriteHeader(header, type, syncOffset, log.Slice(position + LogFormat.HeaderSize, length));
            position += LogFormat.HeaderSize + length;
        }
    }
}
