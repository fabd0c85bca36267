using Engine.Core.Compression;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Sst;

[Trait("Category", "Unit")]
public sealed class TablePropertiesTests
{
    private static readonly TableProperties s_properties = new()
    {
        NumEntries = 1000,
        NumDeletions = 17,
        NumRangeDeletions = 3,
        RawKeySize = 30_000,
        RawValueSize = 1UL << 40,
        DataSize = 65_000,
        IndexSize = 900,
        FilterSize = 1285,
        SmallestSequence = 5,
        LargestSequence = (1UL << 56) - 1,
        FilterBitsPerKey = 10,
    };

    [Fact]
    public void EncodeDecode_RoundTrips()
    {
        Assert.Equal(s_properties, Decode(Encode(s_properties, extra: null)));
    }

    [Fact]
    public void EncodeDecode_Lz4Compression_RoundTrips()
    {
        TableProperties lz4 = s_properties with { Compression = CompressionType.Lz4 };
        Assert.Equal(lz4, Decode(Encode(lz4, extra: null)));
    }

    [Fact]
    public void Decode_WithoutCompressionProperty_IsNone()
    {
        // A table written before the property existed: every other name, in order.
        byte[] full = Encode(s_properties with { Compression = CompressionType.Lz4 }, extra: null);
        BlockReader reader = new(full, BlockKeyOrder.Bytewise, "t.sst", 0);
        using BlockBuilder block = new(1, BlockKeyOrder.Bytewise);
        BlockCursor cursor = default;
        for (cursor.First(reader); cursor.Valid; cursor.Next(reader))
        {
            if (!cursor.Key(reader).SequenceEqual("engine.compression"u8))
            {
                block.Add(cursor.Key(reader), cursor.Value(reader));
            }
        }

        TableProperties decoded = Decode(block.Finish().ToArray());
        Assert.Equal(CompressionType.None, decoded.Compression);
        Assert.Equal(s_properties, decoded);
    }

    [Fact]
    public void Decode_UnknownCompression_IsCorruption()
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(() => Decode(Encode(s_properties with { Compression = (CompressionType)7 }, extra: null)));
        Assert.Contains("compression", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownName_IsIgnored()
    {
        Assert.Equal(s_properties, Decode(Encode(s_properties, extra: ("engine.zz.future", [1]))));
    }

    [Fact]
    public void Decode_MissingName_IsCorruption()
    {
        using BlockBuilder block = new(1, BlockKeyOrder.Bytewise);
        block.Add("engine.format.version"u8, [1]);
        byte[] bytes = block.Finish().ToArray();
        CorruptionException ex = Assert.Throws<CorruptionException>(() => Decode(bytes));
        Assert.Contains("missing", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OtherFormatVersionOrBadVarint_IsCorruption()
    {
        Assert.Throws<CorruptionException>(() => Decode(Encode(s_properties with { FormatVersion = 2 }, extra: null)));
        Assert.Throws<CorruptionException>(() => Decode(Encode(s_properties, extra: ("engine.zz.future", [0x80]))));
    }

    private static byte[] Encode(TableProperties properties, (string Name, byte[] Value)? extra)
    {
        using BlockBuilder block = new(1, BlockKeyOrder.Bytewise);
        properties.EncodeTo(block);
        if (extra is (string name, byte[] value))
        {
            block.Add(System.Text.Encoding.ASCII.GetBytes(name), value);
        }

        return block.Finish().ToArray();
    }

    private static TableProperties Decode(byte[] block)
    {
        BlockReader reader = new(block, BlockKeyOrder.Bytewise, "t.sst", 0);
        reader.Validate();
        return TableProperties.Decode(reader);
    }
}
