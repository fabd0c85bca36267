using CsCheck;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

[Trait("Category", "Unit")]
public sealed class PointRecordTests(ITestOutputHelper output)
{
    [Fact]
    public void APointWithoutTags_IsTenBytes_InTheDocumentedLayout()
    {
        byte[] record = Encode(1.5, TagSet.Empty);

        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0], record);
    }

    [Fact]
    public void ATaggedPoint_SortsItsTagsByTheirUtf8Keys()
    {
        TagSet tags = TagSet.Create(new Dictionary<string, string> { ["zone"] = "eu", ["host"] = "", ["é"] = "x" }, "tags");
        byte[] record = Encode(-2, tags);

        byte[] section = [3, 4, .. "host"u8, 0, 4, .. "zone"u8, 2, .. "eu"u8, 2, 0xC3, 0xA9, 1, (byte)'x'];
        Assert.Equal(section, record[PointRecord.HeaderLength..]);
        Assert.True(PointRecord.TryParse(record, out double value, out IReadOnlyDictionary<string, string>? parsed, out string? error), error);
        Assert.Equal(-2, value);
        Assert.Equal(new Dictionary<string, string> { ["host"] = "", ["zone"] = "eu", ["é"] = "x" }, parsed!.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public void TheTagSetId_DependsOnTheTagsOnly_NotOnTheirOrder()
    {
        TagSet a = TagSet.Create(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, "tags");
        TagSet b = TagSet.Create(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["a"] = "1" }, "tags");
        TagSet c = TagSet.Create(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" }, "tags");

        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
        Assert.NotEqual(a.Id, TagSet.Empty.Id);
        Assert.Equal(TagSet.Empty, TagSet.Create(new Dictionary<string, string>(), "tags"));
    }

    [Theory]
    [InlineData(new byte[0], "shorter")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }, "shorter")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "version 2")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "follow")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0 }, "shortest-form")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 1, 0x61, 0 }, "cannot fit")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, "key")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0xFF, 0 }, "key")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0x61, 1, 0xC3 }, "value")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0x61, 5, 0x62 }, "value")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0x62, 0, 1, 0x61, 0 }, "ascending")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0x61, 0, 1, 0x61, 0 }, "ascending")]
    public void TryParse_RejectsMalformedRecords_WithAReason(byte[] record, string reason)
    {
        Assert.False(PointRecord.TryParse(record, out _, out IReadOnlyDictionary<string, string>? tags, out string? error));
        Assert.Null(tags);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void SectionContains_FindsExactlyTheStoredPairs()
    {
        TagSet tags = TagSet.Create(new Dictionary<string, string> { ["b"] = "2", ["d"] = "4" }, "tags");

        Assert.True(PointRecord.SectionContains(tags.Section, "b"u8, "2"u8));
        Assert.True(PointRecord.SectionContains(tags.Section, "d"u8, "4"u8));
        Assert.False(PointRecord.SectionContains(tags.Section, "b"u8, "4"u8));
        Assert.False(PointRecord.SectionContains(tags.Section, "a"u8, "2"u8));
        Assert.False(PointRecord.SectionContains(tags.Section, "c"u8, "2"u8));
        Assert.False(PointRecord.SectionContains(tags.Section, "e"u8, "2"u8));
        Assert.False(PointRecord.SectionContains([5, 1], "b"u8, "2"u8));
    }

    [Fact]
    public void EveryRecord_RoundTrips_AndEveryTruncationIsRejected()
    {
        Gen<(double Value, Dictionary<string, string> Tags)> gen = Gen.Select(
            Gen.Double,
            Gen.Dictionary(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Gen.String[Gen.Char['\0', '\uD7FF'], 0, 12])[0, 6]);
        gen.Sample(output, sample =>
        {
            TagSet tags = TagSet.Create(sample.Tags, "tags");
            byte[] record = Encode(sample.Value, tags);
            Assert.True(PointRecord.TryParse(record, out double value, out IReadOnlyDictionary<string, string>? parsed, out string? error), error);
            Assert.Equal(BitConverter.DoubleToInt64Bits(sample.Value), BitConverter.DoubleToInt64Bits(value));
            Assert.Equal(sample.Tags.OrderBy(p => p.Key, StringComparer.Ordinal), parsed!.OrderBy(p => p.Key, StringComparer.Ordinal));
            foreach (KeyValuePair<string, string> tag in sample.Tags)
            {
                Assert.True(PointRecord.SectionContains(tags.Section, System.Text.Encoding.UTF8.GetBytes(tag.Key), System.Text.Encoding.UTF8.GetBytes(tag.Value)));
            }

            for (int length = 0; length < record.Length; length++)
            {
                Assert.False(PointRecord.TryParse(record.AsSpan(0, length), out _, out _, out _), $"a prefix of {length} of {record.Length} bytes parsed");
            }
        });
    }

    private static byte[] Encode(double value, TagSet tags)
    {
        byte[] record = new byte[PointRecord.GetLength(tags)];
        PointRecord.Write(record, value, tags);
        return record;
    }
}
