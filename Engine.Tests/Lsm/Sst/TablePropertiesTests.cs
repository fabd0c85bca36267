using Engine.Core.Errors;
using Engine.Lsm.Sst;

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
        reader.ValidateRestarts();
        return TableProperties.Decode(reader);
    }
}
