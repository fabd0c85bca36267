using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Fuzz.Driver;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>
/// An index block as the table's index: separator keys and data block handles, checked by <see cref="SstReader.Open"/>
/// and followed by <see cref="SstReader.DataHandle"/> on every iteration, seek and get.
/// </summary>
/// <remarks>
/// <code>
/// input := | template (1 B) | index block contents, trailer excluded |
/// </code>
/// The template byte picks one of the <see cref="SeedTables.Shapes"/>; the target keeps that table's bytes up to its
/// index block (data blocks, filter, range-del, properties, metaindex) and appends the input as the index, with a valid
/// trailer and footer, so every edit reaches the index checks instead of a checksum. A table that opens must only name
/// data blocks inside its data region (<see cref="FuzzCheckException"/> otherwise), and since those blocks carry
/// their own checksums, iterating it either way must yield exactly the template's entries. Rejection is
/// <see cref="CorruptionException"/>. One thread at a time.
/// </remarks>
internal sealed class IndexTarget : IFuzzTarget
{
    private const string TablePath = "<index>.sst";

    private static readonly Template[] s_templates = [.. SeedTables.Shapes.Select(s => new Template(SeedTables.Build(s.Entries, s.Options, s.Tombstones)))];

    public string Name => "index";

    public string Description => "Engine.Lsm.Sst.SstReader index: separators, block handles, validation at open, then reads";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        Template template = s_templates[input[0] % s_templates.Length];
        byte[] table = template.WithIndex(input[1..]);
#pragma warning disable CA2000 // Open owns the mapping: the reader disposes it, or Open does when it fails.
        using SstReader reader = SstReader.Open(new MemMappedFile(TablePath, table));
#pragma warning restore CA2000
        CheckHandles(reader, template);
        using SstIterator iterator = reader.NewIterator();
        CheckForward(iterator, template);
        CheckBackward(iterator, template);

        // Seeks and gets route through the separators; any key is acceptable, an exception other than corruption is not.
        BlockReader index = reader.IndexReader();
        BlockCursor cursor = default;
        int seeks = 0;
        for (cursor.First(index); cursor.Valid && seeks < 16; cursor.Next(index), seeks++)
        {
            byte[] separator = cursor.Key(index).ToArray();
            iterator.SeekGE(separator);
            iterator.SeekLT(separator);
            _ = reader.TryGet(InternalKey.UserKey(separator), SequenceNumber.Max, out _, out _);
        }

        foreach ((byte[] key, _) in template.Entries.Take(3).Concat(template.Entries.TakeLast(2)))
        {
            _ = reader.TryGet(InternalKey.UserKey(key), SequenceNumber.Max, out _, out _);
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds()
    {
        for (int i = 0; i < s_templates.Length; i++)
        {
            yield return [(byte)i, .. s_templates[i].Index];
        }
    }

    private static void CheckHandles(SstReader reader, Template template)
    {
        BlockReader index = reader.IndexReader();
        BlockCursor cursor = default;
        for (cursor.First(index); cursor.Valid; cursor.Next(index))
        {
            BlockHandle handle = SstReader.DataHandle(index, cursor);
            if (!handle.FitsBefore(template.DataEnd))
            {
                throw new FuzzCheckException($"the open table's index names block ({handle.Offset}, {handle.Size}) past the data region's end {template.DataEnd}");
            }
        }
    }

    private static void CheckForward(SstIterator iterator, Template template)
    {
        int i = 0;
        for (iterator.First(); iterator.Valid; iterator.Next(), i++)
        {
            Expect(iterator, template, i, "forward");
        }

        if (i != template.Entries.Count)
        {
            throw new FuzzCheckException($"forward iteration ends after {i} of {template.Entries.Count} entries");
        }
    }

    private static void CheckBackward(SstIterator iterator, Template template)
    {
        int i = template.Entries.Count - 1;
        for (iterator.Last(); iterator.Valid; iterator.Prev(), i--)
        {
            Expect(iterator, template, i, "backward");
        }

        if (i != -1)
        {
            throw new FuzzCheckException($"backward iteration ends with {i + 1} of {template.Entries.Count} entries unread");
        }
    }

    private static void Expect(SstIterator iterator, Template template, int i, string direction)
    {
        if (i < 0 || i >= template.Entries.Count
            || !iterator.Key.SequenceEqual(template.Entries[i].Key) || !iterator.Value.SequenceEqual(template.Entries[i].Value))
        {
            throw new FuzzCheckException($"{direction} entry {i} of the open table is not the template's");
        }
    }

    /// <summary>A table cut before its index block, with its entries.</summary>
    private sealed class Template
    {
        public Template(byte[] table)
        {
            Footer footer = SeedTables.FooterOf(table);
            Prefix = table[..(int)footer.IndexHandle.Offset];
            Index = table.AsSpan((int)footer.IndexHandle.Offset, footer.IndexHandle.Size).ToArray();
            MetaIndexHandle = footer.MetaIndexHandle;
#pragma warning disable CA2000 // Open owns the mapping.
            using SstReader reader = SstReader.Open(new MemMappedFile("<template>", table));
#pragma warning restore CA2000
            DataEnd = (long)reader.Properties.DataSize;
            using SstIterator iterator = reader.NewIterator();
            for (iterator.First(); iterator.Valid; iterator.Next())
            {
                Entries.Add((iterator.Key.ToArray(), iterator.Value.ToArray()));
            }
        }

        public byte[] Prefix { get; }

        public byte[] Index { get; }

        public BlockHandle MetaIndexHandle { get; }

        public long DataEnd { get; }

        public List<(byte[] Key, byte[] Value)> Entries { get; } = [];

        /// <summary>The template's table with <paramref name="index"/> as its index block, trailer and footer valid.</summary>
        public byte[] WithIndex(ReadOnlySpan<byte> index)
        {
            byte[] table = new byte[Prefix.Length + index.Length + BlockTrailer.Size + Footer.Size];
            Prefix.CopyTo(table, 0);
            index.CopyTo(table.AsSpan(Prefix.Length));
            BlockTrailer.Write(index, CompressionType.None, table.AsSpan(Prefix.Length + index.Length, BlockTrailer.Size));
            new Footer(MetaIndexHandle, new BlockHandle(Prefix.Length, index.Length), Footer.CurrentFormatVersion)
                .EncodeTo(table.AsSpan(table.Length - Footer.Size));
            return table;
        }
    }
}
