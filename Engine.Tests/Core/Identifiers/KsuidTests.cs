using CsCheck;
using Engine.Core.Identifiers;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Identifiers;

[Trait("Category", "Unit")]
public sealed class KsuidTests(ITestOutputHelper output)
{
    private const string ReferenceText = "0ujtsYcgvSTl8PAuAdqWYSMnLOv";
    private const string ReferenceHex = "0669F7EFB5A1CD34B5F99D1154FB6853345C9735";

    [Fact]
    public void Parse_ReferenceVector_GivesReferenceBytesAndTime()
    {
        Ksuid ksuid = Ksuid.Parse(ReferenceText);

        Assert.Equal(ReferenceHex, Convert.ToHexString(ksuid.ToByteArray()));
        Assert.Equal(ReferenceText, ksuid.ToString());
        Assert.Equal(new DateTimeOffset(2017, 10, 10, 4, 0, 47, TimeSpan.Zero), ksuid.Timestamp);
        Assert.Equal(0x0669F7EFu, ksuid.TimestampSeconds);
    }

    [Fact]
    public void FromBytes_ReferenceVector_FormatsAsReferenceText()
    {
        Ksuid ksuid = Ksuid.FromBytes(Convert.FromHexString(ReferenceHex));

        Assert.Equal(ReferenceText, ksuid.ToString());
        Assert.Equal(Ksuid.Parse(ReferenceText), ksuid);
    }

    [Fact]
    public void EmptyAndMax_HaveKnownText()
    {
        Assert.Equal("000000000000000000000000000", Ksuid.Empty.ToString());
        Assert.Equal("aWgEPTl1tmebfsQzFP4bxwgy80V", Ksuid.MaxValue.ToString());
        Assert.Equal(new byte[20], Ksuid.Parse("000000000000000000000000000").ToByteArray());
        Assert.Equal(Enumerable.Repeat((byte)0xFF, 20).ToArray(), Ksuid.Parse("aWgEPTl1tmebfsQzFP4bxwgy80V").ToByteArray());
        Assert.Equal(Ksuid.MinTimestamp, Ksuid.Empty.Timestamp);
        Assert.Equal(Ksuid.MaxTimestamp, Ksuid.MaxValue.Timestamp);
    }

    [Theory]
    [InlineData("", "27 characters long, not 0")]
    [InlineData("0ujtsYcgvSTl8PAuAdqWYSMnLO", "27 characters long, not 26")]
    [InlineData("0ujtsYcgvSTl8PAuAdqWYSMnLOvv", "27 characters long, not 28")]
    [InlineData("0ujtsYcgvSTl8PAu-dqWYSMnLOv", "'-' at position 16")]
    [InlineData("0ujtsYcgvSTl8PAuAdqWYSMnLO\u00E9", "at position 26")]
    [InlineData("aWgEPTl1tmebfsQzFP4bxwgy80W", "larger than the largest KSUID")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzz", "larger than the largest KSUID")]
    public void Parse_Invalid_ThrowsInvalidArgumentWithReason(string text, string reason)
    {
        StorageException ex = Assert.Throws<StorageException>(() => Ksuid.Parse(text));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(Ksuid.TryParse(text, out Ksuid result));
        Assert.Equal(Ksuid.Empty, result);
    }

    [Fact]
    public void Parse_NullString_ThrowsAndTryParseReturnsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => Ksuid.Parse((string)null!));
        Assert.False(Ksuid.TryParse((string?)null, out _));
    }

    [Fact]
    public void BinaryForm_WrongLengths_ThrowInvalidArgument()
    {
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => Ksuid.FromBytes(new byte[19])).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => Ksuid.FromBytes(new byte[21])).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => Ksuid.MaxValue.WriteTo(new byte[19])).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => Ksuid.FromParts(0, new byte[15])).Code);
    }

    [Fact]
    public void TryFormat_ShortDestination_ReturnsFalse()
    {
        Ksuid ksuid = Ksuid.Parse(ReferenceText);
        char[] exact = new char[27];

        Assert.False(ksuid.TryFormat(new char[26], out int none));
        Assert.Equal(0, none);
        Assert.True(ksuid.TryFormat(exact, out int written));
        Assert.Equal(27, written);
        Assert.Equal(ReferenceText, new string(exact));
        Assert.Equal($"id={ReferenceText}", $"id={ksuid}");
    }

    [Fact]
    public void NewKsuid_WithTimeAndRandom_IsReproducibleAndTruncatesToTheSecond()
    {
        DateTimeOffset time = new(2024, 2, 29, 12, 34, 56, 789, TimeSpan.Zero);

        Ksuid first = Ksuid.NewKsuid(time, new Random(5));
        Ksuid again = Ksuid.NewKsuid(time, new Random(5));

        Assert.Equal(first, again);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 12, 34, 56, TimeSpan.Zero), first.Timestamp);
        Assert.NotEqual(first, Ksuid.NewKsuid(time));
        Assert.NotEqual(Ksuid.NewKsuid(), Ksuid.NewKsuid());
    }

    [Fact]
    public void NewKsuid_TimeOutsideRange_ThrowsInvalidArgument()
    {
        Assert.Throws<StorageException>(() => Ksuid.NewKsuid(Ksuid.MinTimestamp.AddSeconds(-1)));
        Assert.Throws<StorageException>(() => Ksuid.NewKsuid(Ksuid.MaxTimestamp.AddSeconds(1)));
        Assert.Equal(0u, Ksuid.NewKsuid(Ksuid.MinTimestamp).TimestampSeconds);
        Assert.Equal(uint.MaxValue, Ksuid.NewKsuid(Ksuid.MaxTimestamp).TimestampSeconds);
    }

    [Fact]
    public void TryGetSuccessor_CarriesThroughPayloadIntoTimestamp()
    {
        byte[] bytes = Convert.FromHexString("00000001" + "0000000000000000FFFFFFFFFFFFFFFF");
        Assert.True(Ksuid.FromBytes(bytes).TryGetSuccessor(out Ksuid next));
        Assert.Equal("00000001" + "00000000000000010000000000000000", Convert.ToHexString(next.ToByteArray()));

        bytes = Convert.FromHexString("00000001" + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
        Assert.True(Ksuid.FromBytes(bytes).TryGetSuccessor(out next));
        Assert.Equal("00000002" + "00000000000000000000000000000000", Convert.ToHexString(next.ToByteArray()));

        Assert.False(Ksuid.MaxValue.TryGetSuccessor(out _));
    }

    [Fact]
    public void Comparison_OperatorsAndEqualityAgree()
    {
        Ksuid low = Ksuid.Parse(ReferenceText);
        Assert.True(low.TryGetSuccessor(out Ksuid high));

        Assert.True(low < high && high > low && low <= high && high >= low && low != high);
        Assert.True(low == Ksuid.Parse(ReferenceText));
        Assert.Equal(low.GetHashCode(), Ksuid.Parse(ReferenceText).GetHashCode());
        Assert.Equal(-1, low.CompareTo((object)high));
        Assert.Equal(1, low.CompareTo(null));
        Assert.Throws<ArgumentException>(() => low.CompareTo("x"));
        Assert.True(low.Equals((object)Ksuid.Parse(ReferenceText)));
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void RandomBytes_RoundTripThroughTextAndBinary()
    {
        RandomBytes.Sample(output, bytes =>
        {
            Ksuid ksuid = Ksuid.FromBytes(bytes);
            string text = ksuid.ToString();
            return text.Length == Ksuid.StringLength
                && Ksuid.TryParse(text, out Ksuid parsed)
                && parsed == ksuid
                && parsed.ToByteArray().AsSpan().SequenceEqual(bytes);
        }, iter: 1000);
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void RandomPairs_BinaryTextAndStructOrderAgree()
    {
        Gen.Select(RandomBytes, RandomBytes).Sample(output, pair =>
        {
            Ksuid a = Ksuid.FromBytes(pair.Item1);
            Ksuid b = Ksuid.FromBytes(pair.Item2);
            int bytewise = Math.Sign(pair.Item1.AsSpan().SequenceCompareTo(pair.Item2));
            return bytewise == Math.Sign(string.CompareOrdinal(a.ToString(), b.ToString()))
                && bytewise == Math.Sign(a.CompareTo(b));
        }, iter: 2000);
    }

    /// <summary>Twenty bytes, often sharing leading bytes (so order is decided deep inside) and often 0x00 or 0xFF.</summary>
    private static Gen<byte[]> RandomBytes { get; } =
        Gen.Frequency<byte>((2, Gen.OneOf<byte>(0x00, 0x01, 0xFF)), (1, Gen.Byte)).Array[Ksuid.ByteLength];
}
