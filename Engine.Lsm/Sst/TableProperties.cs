using System;
using System.Collections.Generic;
using Engine.Core.Compression;
using Engine.Core.Encoding;
using Engine.Core.Errors;

namespace Engine.Lsm.Sst;

/// <summary>The statistics of one table, stored in its properties block.</summary>
/// <remarks>
/// <para>
/// The properties block has a restart point per entry; each key is a property name (ASCII, in bytewise order) and each
/// value a varint64. Decoding ignores names it does not know (a later writer may add some) and treats a missing known
/// name, a malformed value or a format version other than 1 as corruption. <c>engine.compression</c> is optional:
/// tables written before it existed have none and are uncompressed.
/// </para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
internal sealed record TableProperties
{
    private static readonly string[] s_names =
    [
        CompressionName, DataSizeName, FilterBitsPerKeyName, FilterSizeName, FormatVersionName, IndexSizeName, LargestSequenceName,
        NumDeletionsName, NumEntriesName, NumRangeDeletionsName, RawKeySizeName, RawValueSizeName, SmallestSequenceName,
    ];

    private const string CompressionName = "engine.compression";
    private const string DataSizeName = "engine.data.size";
    private const string FilterBitsPerKeyName = "engine.filter.bits-per-key";
    private const string FilterSizeName = "engine.filter.size";
    private const string FormatVersionName = "engine.format.version";
    private const string IndexSizeName = "engine.index.size";
    private const string LargestSequenceName = "engine.largest.seq";
    private const string NumDeletionsName = "engine.num.deletions";
    private const string NumEntriesName = "engine.num.entries";
    private const string NumRangeDeletionsName = "engine.num.range-deletions";
    private const string RawKeySizeName = "engine.raw.key.size";
    private const string RawValueSizeName = "engine.raw.value.size";
    private const string SmallestSequenceName = "engine.smallest.seq";

    /// <summary>The table format version; 1.</summary>
    public ulong FormatVersion { get; init; } = Footer.CurrentFormatVersion;

    /// <summary>Point entries (sets and deletes).</summary>
    public ulong NumEntries { get; init; }

    /// <summary>Point deletes.</summary>
    public ulong NumDeletions { get; init; }

    /// <summary>Range tombstones.</summary>
    public ulong NumRangeDeletions { get; init; }

    /// <summary>Bytes of the point entries' internal keys before prefix compression.</summary>
    public ulong RawKeySize { get; init; }

    /// <summary>Bytes of the point entries' values.</summary>
    public ulong RawValueSize { get; init; }

    /// <summary>Bytes of the data blocks, trailers included.</summary>
    public ulong DataSize { get; init; }

    /// <summary>Bytes of the index block, trailer included.</summary>
    public ulong IndexSize { get; init; }

    /// <summary>Bytes of the filter block, trailer included; 0 without a filter.</summary>
    public ulong FilterSize { get; init; }

    /// <summary>The smallest sequence number of any entry, tombstones included; 0 for an empty table.</summary>
    public ulong SmallestSequence { get; init; }

    /// <summary>The largest sequence number of any entry, tombstones included; 0 for an empty table.</summary>
    public ulong LargestSequence { get; init; }

    /// <summary>Bloom bits per key; 0 when the table has no filter.</summary>
    public ulong FilterBitsPerKey { get; init; }

    /// <summary>
    /// The compression the writer applied to data blocks (0 none, 1 LZ4); a block that did not shrink enough is raw
    /// even so, and each block's trailer says which it is. Informational: readers decode by the trailer.
    /// </summary>
    public CompressionType Compression { get; init; }

    /// <summary>Adds every property to <paramref name="block"/>, a bytewise block with a restart point per entry.</summary>
    public void EncodeTo(BlockBuilder block)
    {
        Span<byte> value = stackalloc byte[Varint.MaxLength64];
        Span<byte> key = stackalloc byte[64];
        foreach (string name in s_names)
        {
            int keyLength = System.Text.Encoding.ASCII.GetBytes(name, key);
            int valueLength = Varint.Write(value, Get(name));
            block.Add(key[..keyLength], value[..valueLength]);
        }
    }

    /// <summary>Decodes a properties block; corruption names the block's file and offset.</summary>
    public static TableProperties Decode(BlockReader block)
    {
        Dictionary<string, ulong> values = new(StringComparer.Ordinal);
        BlockCursor cursor = default;
        for (cursor.First(block); cursor.Valid; cursor.Next(block))
        {
            ReadOnlySpan<byte> value = cursor.Value(block);
            string name = System.Text.Encoding.ASCII.GetString(cursor.Key(block));
            if (!Varint.TryRead(value, out ulong number, out int read) || read != value.Length)
            {
                ThrowHelper.ThrowCorruption(block.Path, block.BlockOffset, $"property {name} is not a varint64");
            }

            values[name] = number;
        }

        TableProperties properties = new()
        {
            FormatVersion = Required(values, FormatVersionName, block),
            NumEntries = Required(values, NumEntriesName, block),
            NumDeletions = Required(values, NumDeletionsName, block),
            NumRangeDeletions = Required(values, NumRangeDeletionsName, block),
            RawKeySize = Required(values, RawKeySizeName, block),
            RawValueSize = Required(values, RawValueSizeName, block),
            DataSize = Required(values, DataSizeName, block),
            IndexSize = Required(values, IndexSizeName, block),
            FilterSize = Required(values, FilterSizeName, block),
            SmallestSequence = Required(values, SmallestSequenceName, block),
            LargestSequence = Required(values, LargestSequenceName, block),
            FilterBitsPerKey = Required(values, FilterBitsPerKeyName, block),
            Compression = values.TryGetValue(CompressionName, out ulong compression) ? (CompressionType)compression : CompressionType.None,
        };

        if (compression > (ulong)CompressionType.Lz4)
        {
            ThrowHelper.ThrowCorruption(block.Path, block.BlockOffset, $"properties name compression type {compression}");
        }

        if (properties.FormatVersion != Footer.CurrentFormatVersion)
        {
            ThrowHelper.ThrowCorruption(block.Path, block.BlockOffset, $"properties name format version {properties.FormatVersion}");
        }

        return properties;
    }

    private static ulong Required(Dictionary<string, ulong> values, string name, BlockReader block)
    {
        if (!values.TryGetValue(name, out ulong value))
        {
            ThrowHelper.ThrowCorruption(block.Path, block.BlockOffset, $"property {name} is missing");
        }

        return value;
    }

    private ulong Get(string name) => name switch
    {
        CompressionName => (ulong)Compression,
        DataSizeName => DataSize,
        FilterBitsPerKeyName => FilterBitsPerKey,
        FilterSizeName => FilterSize,
        FormatVersionName => FormatVersion,
        IndexSizeName => IndexSize,
        LargestSequenceName => LargestSequence,
        NumDeletionsName => NumDeletions,
        NumEntriesName => NumEntries,
        NumRangeDeletionsName => NumRangeDeletions,
        RawKeySizeName => RawKeySize,
        RawValueSizeName => RawValueSize,
        SmallestSequenceName => SmallestSequence,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
