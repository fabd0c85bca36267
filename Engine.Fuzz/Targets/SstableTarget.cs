using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Fuzz.Driver;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Fuzz.Targets;

/// <summary>
/// A whole table through <see cref="SstReader"/>: footer, metaindex, properties, range tombstones, filter and index
/// at open, then every data block (raw and LZ4) by iterating both ways, seeking and getting.
/// </summary>
/// <remarks>
/// <code>
/// input := | flags (1 B) | table bytes |
/// flags bit 0: recompute the footer CRC and the trailer CRC of every block the footer, the metaindex and the index
///              point to (<see cref="SstResealer"/>), so edits reach the block, filter and LZ4 decoders instead of
///              stopping at a checksum.
/// </code>
/// Rejection is <see cref="CorruptionException"/>, or <see cref="StorageErrorCode.FailedPrecondition"/> for a footer
/// that names a newer format version. The table is read from a <see cref="MemMappedFile"/>. One thread at a time.
/// </remarks>
internal sealed class SstableTarget : IFuzzTarget
{
    private const string TablePath = "<fuzz>.sst";

    public string Name => "sstable";

    public string Description => "Engine.Lsm.Sst.SstReader: open (footer, meta, filter, index), iterate, seek, get";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte[] table = input[1..].ToArray();
        if ((input[0] & 1) != 0)
        {
            SstResealer.Reseal(table);
        }

#pragma warning disable CA2000 // Open owns the mapping: the reader disposes it, or Open does when it fails.
        using SstReader reader = SstReader.Open(new MemMappedFile(TablePath, table));
#pragma warning restore CA2000
        List<byte[]> keys = Scan(reader, table.Length);
        foreach (byte[] key in keys.Take(4).Concat(keys.TakeLast(2)))
        {
            ReadOnlySpan<byte> userKey = InternalKey.UserKey(key);
            _ = reader.MayContain(userKey);
            _ = reader.TryGet(userKey, SequenceNumber.Max, out _, out _);
            _ = reader.TryGet(userKey, 0, out _, out _);
        }

        _ = reader.TryGet("absent"u8, SequenceNumber.Max, out _, out _);
        _ = reader.Properties;
        _ = reader.RangeTombstones.Count;
    }

    public bool IsExpectedRejection(Exception exception) =>
        exception is CorruptionException
        || (exception is StorageException { Code: StorageErrorCode.FailedPrecondition } e && e.Message.Contains("format version", StringComparison.Ordinal));

    public IEnumerable<byte[]> Seeds()
    {
        yield return Seed(1, 0, SstWriterOptions.Default, tombstones: false);
        yield return Seed(1, 3, SstWriterOptions.Default, tombstones: true);
        yield return Seed(1, 60, new SstWriterOptions { BlockSizeBytes = 256, BloomBitsPerKey = 10, Compression = CompressionType.None }, tombstones: false);
        yield return Seed(1, 60, new SstWriterOptions { BlockSizeBytes = 512, BloomBitsPerKey = 0, Compression = CompressionType.Lz4, BlockRestartInterval = 4 }, tombstones: true);
        yield return Seed(0, 20, new SstWriterOptions { BlockSizeBytes = 128, Compression = CompressionType.Lz4 }, tombstones: false);
    }

    private static byte[] Seed(byte flags, int entries, SstWriterOptions options, bool tombstones)
    {
        MemFileSystem fs = new();
        fs.CreateDirectory("/fuzz");
        using (SstWriter writer = new(fs.Create("/fuzz/000001.sst"), options))
        {
            for (int i = 0; i < entries; i++)
            {
                // Two versions of every third key, newest first, as internal-key order wants.
                byte[] user = System.Text.Encoding.ASCII.GetBytes($"user/{i / 10:D3}/{i % 10}");
                int versions = i % 3 == 0 ? 2 : 1;
                for (int v = 0; v < versions; v++)
                {
                    KeyKind kind = (i + v) % 5 == 4 ? KeyKind.Delete : KeyKind.Set;
                    byte[] key = new byte[user.Length + InternalKey.TrailerSize];
                    InternalKey.Write(key, user, (ulong)(1000 - (2 * i) - v), kind);
                    byte[] value = kind == KeyKind.Set ? System.Text.Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), 10 + (i % 7 * 5))) : [];
                    writer.Add(key, value);
                }
            }

            if (tombstones)
            {
                writer.AddRangeTombstone("user/001"u8, "user/002"u8, 5);
                writer.AddRangeTombstone("a"u8, "b"u8, 7);
            }

            writer.Finish();
        }

        return [flags, .. fs.ReadAllBytes("/fuzz/000001.sst")];
    }

    /// <summary>Every key forward, checked in order, then backward; the keys are returned for gets.</summary>
    private static List<byte[]> Scan(SstReader reader, int length)
    {
        List<byte[]> keys = [];
        using SstIterator iterator = reader.NewIterator();
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            byte[] key = iterator.Key.ToArray();
            if (key.Length < InternalKey.TrailerSize || keys.Count > length)
            {
                throw new FuzzCheckException($"iteration yields a key of {key.Length} bytes, or more entries than the table has bytes");
            }

            _ = iterator.Value.Length;
            keys.Add(key);
        }

        int steps = 0;
        for (iterator.Last(); iterator.Valid && steps < 64; iterator.Prev())
        {
            steps++;
        }

        if (keys.Count > 0)
        {
            iterator.SeekGE(keys[keys.Count / 2]);
            iterator.SeekLT(keys[keys.Count / 2]);
        }

        return keys;
    }
}
