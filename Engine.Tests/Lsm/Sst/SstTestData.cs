using System.Text;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

namespace Engine.Tests.Lsm.Sst;

/// <summary>Keys, entries and tables for the SSTable tests.</summary>
internal static class SstTestData
{
    public static byte[] Key(byte[] userKey, ulong sequence, KeyKind kind)
    {
        byte[] key = new byte[userKey.Length + InternalKey.TrailerSize];
        InternalKey.Write(key, userKey, sequence, kind);
        return key;
    }

    public static byte[] Key(string userKey, ulong sequence, KeyKind kind) => Key(Encoding.ASCII.GetBytes(userKey), sequence, kind);

    /// <summary>A user key with long shared prefixes among neighbours, so prefix compression and restarts matter.</summary>
    public static byte[] UserKey(int i) => Encoding.ASCII.GetBytes($"user/{i / 100:D4}/{i % 100:D2}-{(i * 7) % 13}");

    public static int CompareInternal(byte[] a, byte[] b) => InternalKey.Compare(a, b);

    public static byte[] RandomBytes(Random random, int minLength, int maxLength)
    {
        byte[] bytes = new byte[random.Next(minLength, maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// A value about half as long once LZ4-compressed: random bytes, then the same bytes again (with one odd byte
    /// random when the length is odd).
    /// </summary>
    public static byte[] CompressibleValue(Random random, int length)
    {
        byte[] value = new byte[length];
        random.NextBytes(value.AsSpan(0, (length + 1) / 2));
        value.AsSpan(0, length / 2).CopyTo(value.AsSpan((length + 1) / 2));
        return value;
    }

    /// <summary>The trailer type byte of each data block, in order.</summary>
    public static List<byte> DataBlockTypes(byte[] bytes, SstReader reader) =>
        IndexEntries(reader).Select(e => bytes[e.Handle.Offset + e.Handle.Size]).ToList();

    /// <summary>Writes a table of sorted point entries and tombstones; returns its bytes.</summary>
    public static byte[] Write(
        IEnumerable<(byte[] Key, byte[] Value)> entries,
        IEnumerable<(byte[] Start, byte[] End, ulong Sequence)> tombstones,
        SstWriterOptions options,
        out SstWriteResult result,
        string path = "test.sst")
    {
        InMemoryTableFile file = new(path);
        using (SstWriter writer = new(file, options))
        {
            foreach ((byte[] key, byte[] value) in entries)
            {
                writer.Add(key, value);
            }

            foreach ((byte[] start, byte[] end, ulong sequence) in tombstones)
            {
                writer.AddRangeTombstone(start, end, sequence);
            }

            result = writer.Finish();
        }

        return file.ToArray();
    }

    public static SstReader Open(byte[] bytes, string path = "test.sst") => SstReader.Open(new InMemoryMappedFile(bytes, path));

    /// <summary>Every entry of a table, in the iterator's forward order.</summary>
    public static List<(byte[] Key, byte[] Value)> ScanForward(SstReader reader)
    {
        List<(byte[], byte[])> entries = [];
        using SstIterator iterator = reader.NewIterator();
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            entries.Add((iterator.Key.ToArray(), iterator.Value.ToArray()));
        }

        return entries;
    }

    /// <summary>Every entry of a table, in the iterator's backward order.</summary>
    public static List<(byte[] Key, byte[] Value)> ScanBackward(SstReader reader)
    {
        List<(byte[], byte[])> entries = [];
        using SstIterator iterator = reader.NewIterator();
        for (iterator.Last(); iterator.Valid; iterator.Prev())
        {
            entries.Add((iterator.Key.ToArray(), iterator.Value.ToArray()));
        }

        return entries;
    }

    /// <summary>The index entries of a table: separator keys and data block handles.</summary>
    public static List<(byte[] Key, BlockHandle Handle)> IndexEntries(SstReader reader)
    {
        List<(byte[], BlockHandle)> entries = [];
        BlockReader index = reader.IndexReader();
        BlockCursor cursor = default;
        for (cursor.First(index); cursor.Valid; cursor.Next(index))
        {
            entries.Add((cursor.Key(index).ToArray(), SstReader.DataHandle(index, cursor)));
        }

        return entries;
    }
}
