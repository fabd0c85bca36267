using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Engine.Api.LocalFirst.Documents.Codec;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>The order-preserving encoding of values: its bytewise order is the documented value order.</summary>
[Trait("Category", "Unit")]
public sealed class OrderedValueTests(ITestOutputHelper output)
{
    [Fact]
    public void BytewiseOrder_IsTheValueOrder_AndDescendingReversesIt() =>
        Gen.Select(JsonModel.Value, JsonModel.Value).Sample(output, pair =>
        {
            (JsonNode? a, JsonNode? b) = pair;
            byte[] left = Encode(a);
            byte[] right = Encode(b);
            int expected = Math.Sign(JsonModel.Compare(true, a, true, b));
            Assert.Equal(expected, Math.Sign(left.AsSpan().SequenceCompareTo(right)));
            Assert.Equal(left.Length, OrderedValue.Measure([.. left, 0x42], inverted: false));
            OrderedValue.Invert(left);
            OrderedValue.Invert(right);
            Assert.Equal(-expected, Math.Sign(left.AsSpan().SequenceCompareTo(right)));
            Assert.Equal(left.Length, OrderedValue.Measure([.. left, 0x42], inverted: true));
        }, iter: 2000);

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("0", "-0.0")]
    [InlineData("100", "1e2")]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""")]
    public void EqualValues_EncodeTheSame(string a, string b) => Assert.Equal(Encode(JsonNode.Parse(a)), Encode(JsonNode.Parse(b)));

    [Theory]
    [InlineData(9007199254740992L, 9007199254740993L)]
    [InlineData(long.MaxValue - 1, long.MaxValue)]
    [InlineData(long.MinValue, long.MinValue + 1)]
    [InlineData(-1L, 0L)]
    public void IntegersBeyondDoublePrecision_KeepTheirOrder(long low, long high)
    {
        Assert.True(Encode(JsonValue.Create(low)).AsSpan().SequenceCompareTo(Encode(JsonValue.Create(high))) < 0);
        Assert.True(Encode(JsonValue.Create((double)high + 4096)).AsSpan().SequenceCompareTo(Encode(JsonValue.Create(high))) > 0 || high < 0);
    }

    [Fact]
    public void AnIntegerAndItsNearestDouble_OrderByExactValue()
    {
        // 2^53 + 1 rounds to 2^53 as a double: the correction bytes keep it above.
        byte[] integer = Encode(JsonValue.Create(9007199254740993L));
        byte[] nearest = Encode(JsonValue.Create(9007199254740992.0));
        Assert.True(integer.AsSpan().SequenceCompareTo(nearest) > 0);
        Assert.True(Encode(JsonNode.Parse("18446744073709551615")).AsSpan().SequenceCompareTo(Encode(JsonValue.Create(long.MaxValue))) > 0);
    }

    [Fact]
    public void Measure_RejectsTruncatedAndUnknownBytes()
    {
        Assert.Throws<FormatException>(() => OrderedValue.Measure([OrderedValue.Number, 1, 2], inverted: false));
        Assert.Throws<FormatException>(() => OrderedValue.Measure([OrderedValue.String, 0x61], inverted: false));
        Assert.Throws<FormatException>(() => OrderedValue.Measure([0x09], inverted: false));
        Assert.Throws<FormatException>(() => OrderedValue.Measure([OrderedValue.Array, OrderedValue.Null], inverted: false));
        Assert.Throws<FormatException>(() => OrderedValue.Measure([], inverted: false));
    }

    internal static byte[] Encode(JsonNode? value)
    {
        using JsonDocument document = JsonDocument.Parse(value?.ToJsonString() ?? "null");
        return OrderedValue.Encode(DocumentEncoder.EncodeValue(document.RootElement, nameof(value)));
    }
}
