using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Unit")]
public sealed class TupleCodecTests
{
    [Theory]
    [InlineData("01", "02")]
    [InlineData("0102", "0103")]
    [InlineData("01FF", "02")]
    [InlineData("01FEFFFF", "01FF")]
    [InlineData("15FF", "16")]
    public void TryWritePrefixUpperBound_DropsTrailingFFAndIncrements(string prefixHex, string expectedHex)
    {
        byte[] prefix = Convert.FromHexString(prefixHex);
        ArrayBufferWriter<byte> output = new();

        Assert.True(TupleCodec.TryWritePrefixUpperBound(prefix, output));
        Assert.Equal(expectedHex, Convert.ToHexString(output.WrittenSpan));

        Assert.True(TupleCodec.TryIncrementPrefix(prefix, out int length));
        Assert.Equal(expectedHex, Convert.ToHexString(prefix.AsSpan(0, length)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("FF")]
    [InlineData("FFFFFF")]
    public void TryWritePrefixUpperBound_NoBound_ReturnsFalseAndWritesNothing(string prefixHex)
    {
        byte[] prefix = Convert.FromHexString(prefixHex);
        ArrayBufferWriter<byte> output = new();

        Assert.False(TupleCodec.TryWritePrefixUpperBound(prefix, output));
        Assert.Equal(0, output.WrittenCount);
        Assert.False(TupleCodec.TryIncrementPrefix(prefix, out int length));
        Assert.Equal(0, length);
        Assert.Equal(prefixHex, Convert.ToHexString(prefix));
    }

    [Fact]
    public void UpperBound_OfTuplePrefix_BoundsEveryExtensionAndNothingAfter()
    {
        byte[] prefix = TupleModel.Encode(["users", 7L]);
        ArrayBufferWriter<byte> bound = new();
        TupleCodec.TryWritePrefixUpperBound(prefix, bound);

        Assert.True(TupleModel.Encode(["users", 7L, ulong.MaxValue, true]).AsSpan().SequenceCompareTo(bound.WrittenSpan) < 0);
        Assert.True(TupleModel.Encode(["users", 7L, null]).AsSpan().SequenceCompareTo(prefix) > 0);
        Assert.True(TupleModel.Encode(["users", 8L]).AsSpan().SequenceCompareTo(bound.WrittenSpan) >= 0);
        Assert.True(TupleModel.Encode(["users", 6L, true]).AsSpan().SequenceCompareTo(prefix) < 0);
    }

    [Fact]
    public void CrossTypeOrder_FollowsTypeCodes()
    {
        object?[][] ascending =
        [
            [null], [Array.Empty<byte>()], [new byte[] { 0xFF }], [""], ["\uFFFF"], [Array.Empty<object?>()],
            [new object?[] { true }], [long.MinValue], [-1L], [0L], [1UL], [long.MaxValue], [ulong.MaxValue], [false], [true],
        ];

        for (int i = 1; i < ascending.Length; i++)
        {
            byte[] lower = TupleModel.Encode(ascending[i - 1]);
            byte[] upper = TupleModel.Encode(ascending[i]);
            Assert.True(
                lower.AsSpan().SequenceCompareTo(upper) < 0,
                $"{TupleModel.Show(ascending[i - 1])} should sort before {TupleModel.Show(ascending[i])}");
        }
    }
}
