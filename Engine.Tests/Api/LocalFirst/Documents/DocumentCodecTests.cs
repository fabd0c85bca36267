using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Api.LocalFirst.Documents;
using Engine.Api.LocalFirst.Documents.Codec;
using MessagePack;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>The stored form of a document: JSON to MessagePack and back, the number mapping, and what is rejected.</summary>
[Trait("Category", "Unit")]
public sealed class DocumentCodecTests
{
    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"a":1,"b":-2,"c":1.5,"d":"x\u0000y","e":true,"f":false,"g":null}""")]
    [InlineData("""{"nested":{"list":[1,[2,[3]],{"k":"v"}],"empty":[]},"emoji":"\uD83D\uDE00"}""")]
    [InlineData("""{"max":9223372036854775807,"min":-9223372036854775808,"umax":18446744073709551615}""")]
    [InlineData("""{"small":1E-300,"big":1.7976931348623157E+308,"third":0.3333333333333333}""")]
    public void Encode_ThenDecode_GivesTheSameJson(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        byte[] stored = DocumentEncoder.Encode(document.RootElement, "document");
        Assert.Equal(DocumentFormat.Version, stored[0]);
        JsonNode? back = JsonNode.Parse(DocumentDecoder.ToJsonUtf8(stored));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), back), Encoding.UTF8.GetString(DocumentDecoder.ToJsonUtf8(stored)));
    }

    [Fact]
    public void Integers_StayIntegers_AndFractionsStayDoubles()
    {
        using JsonDocument document = JsonDocument.Parse("""{"i":42,"u":18446744073709551615,"d":42.5,"e":1e2,"z":1.0}""");
        MessagePackReader reader = new(DocumentFormat.Body(DocumentEncoder.Encode(document.RootElement, "document")));
        Assert.Equal(5, reader.ReadMapHeader());
        Assert.Equal("i", reader.ReadString());
        Assert.Equal(MessagePackType.Integer, reader.NextMessagePackType);
        Assert.Equal(42, reader.ReadInt64());
        Assert.Equal("u", reader.ReadString());
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        Assert.Equal("d", reader.ReadString());
        Assert.Equal(MessagePackType.Float, reader.NextMessagePackType);
        Assert.Equal(42.5, reader.ReadDouble());
        Assert.Equal("e", reader.ReadString());
        Assert.Equal(MessagePackType.Float, reader.NextMessagePackType);
        Assert.Equal(100.0, reader.ReadDouble());
        Assert.Equal("z", reader.ReadString());
        Assert.Equal(MessagePackType.Float, reader.NextMessagePackType);
    }

    [Fact]
    public void NegativeZero_StaysADoubleWithItsSign_AndRoundTripsThroughJson()
    {
        // A fuzz finding (Engine.Fuzz/Corpus/document/seed-03.bin): "-0" is integer syntax, but stored as the integer 0
        // it lost its sign, so decode -> encode -> decode changed the document.
        using JsonDocument document = JsonDocument.Parse("""{"z":-0,"p":0}""");
        byte[] stored = DocumentEncoder.Encode(document.RootElement, "document");
        MessagePackReader reader = new(DocumentFormat.Body(stored));
        Assert.Equal(2, reader.ReadMapHeader());
        Assert.Equal("z", reader.ReadString());
        Assert.Equal(MessagePackType.Float, reader.NextMessagePackType);
        Assert.True(double.IsNegative(reader.ReadDouble()));
        Assert.Equal("p", reader.ReadString());
        Assert.Equal(MessagePackType.Integer, reader.NextMessagePackType);

        byte[] json = DocumentDecoder.ToJsonUtf8(stored);
        using JsonDocument again = JsonDocument.Parse(json);
        Assert.Equal(stored, DocumentEncoder.Encode(again.RootElement, "document"));
    }

    [Fact]
    public void AnIntegerBeyond64Bits_IsStoredAsTheNearestDouble()
    {
        using JsonDocument document = JsonDocument.Parse("""{"n":123456789012345678901234567890}""");
        JsonNode? back = JsonNode.Parse(DocumentDecoder.ToJsonUtf8(DocumentEncoder.Encode(document.RootElement, "document")));
        Assert.Equal(1.2345678901234568E+29, back!["n"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("""{"n":1e400}""")]
    [InlineData("""{"n":-1e400}""")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""[1]""")]
    [InlineData("\"text\"")]
    public void NotRepresentable_IsAnArgumentError(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Throws<ArgumentException>(() => DocumentEncoder.Encode(document.RootElement, "document"));
    }

    [Fact]
    public void NestingBeyondTheLimit_IsAnArgumentError()
    {
        string deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 64)) + string.Concat(Enumerable.Repeat("]", 64)) + "}";
        using JsonDocument document = JsonDocument.Parse(deep, new JsonDocumentOptions { MaxDepth = 100 });
        Assert.Throws<ArgumentException>(() => DocumentEncoder.Encode(document.RootElement, "document"));
    }

    public static TheoryData<byte[]> Malformed() => new()
    {
        Array.Empty<byte>(),
        new byte[] { 2, 0x80 },                        // another version
        new byte[] { 1, 0x91, 0x01 },                  // an array at the top
        new byte[] { 1, 0x81, 0x01, 0x01 },            // an integer key
        new byte[] { 1, 0x82, 0xA1, 0x61, 0x01, 0xA1, 0x61, 0x02 }, // a repeated key
        new byte[] { 1, 0x81, 0xA1, 0x61, 0xC4, 0x01, 0x00 },       // a binary value
        new byte[] { 1, 0x81, 0xA1, 0x61, 0xCB, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0 }, // NaN
        new byte[] { 1, 0x81, 0xA1, 0x61, 0xA1, 0xFF },             // invalid UTF-8
        new byte[] { 1, 0x81, 0xA1, 0x61 },                         // truncated
        new byte[] { 1, 0x80, 0x00 },                               // trailing bytes
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_RejectsWhatTheEncoderCannotProduce(byte[] stored) =>
        Assert.Throws<FormatException>(() => DocumentDecoder.ToJsonUtf8(stored));
}
