using CsCheck;
using Engine.Core.Encoding;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Unit")]
public sealed class VarintTests(ITestOutputHelper output)
{
    /// <summary>Values spread over every encoded length: 64 random bits shifted right by 0..64.</summary>
    internal static Gen<ulong> SpreadUInt64 { get; } =
        Gen.Select(Gen.ULong, Gen.Int[0, 64], (bits, shift) => shift == 64 ? 0 : bits >> shift);

    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(16383UL, new byte[] { 0xFF, 0x7F })]
    [InlineData(16384UL, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(0x7FFF_FFFFUL, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })]
    [InlineData(0xFFFF_FFFFUL, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Write_EdgeValue_MatchesKnownEncoding(ulong value, byte[] expected)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength64];

        int written = Varint.Write(buffer, value);

        Assert.Equal(expected, buffer[..written].ToArray());
        Assert.Equal(expected.Length, Varint.GetLength(value));
        Assert.True(Varint.TryRead(expected, out ulong read64, out int bytesRead64));
        Assert.Equal(value, read64);
        Assert.Equal(expected.Length, bytesRead64);
        if (value <= uint.MaxValue)
        {
            Assert.Equal(expected.Length, Varint.Write(buffer, (uint)value));
            Assert.Equal(expected, buffer[..expected.Length].ToArray());
            Assert.True(Varint.TryRead(expected, out uint read32, out int bytesRead32));
            Assert.Equal((uint)value, read32);
            Assert.Equal(expected.Length, bytesRead32);
        }
        else
        {
            Assert.False(Varint.TryRead(expected, out uint _, out int _));
        }
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x10 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00 })]
    public void TryRead32_TruncatedOverlongOrOverflowing_ReturnsFalse(byte[] input)
    {
        Assert.False(Varint.TryRead(input, out uint value, out int bytesRead));
        Assert.Equal(0u, value);
        Assert.Equal(0, bytesRead);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00 })]
    public void TryRead64_TruncatedOverlongOrOverflowing_ReturnsFalse(byte[] input)
    {
        Assert.False(Varint.TryRead(input, out ulong value, out int bytesRead));
        Assert.Equal(0ul, value);
        Assert.Equal(0, bytesRead);
    }

    [Fact]
    public void TryRead_NonMinimalEncodingWithinMaxLength_IsAccepted()
    {
        Assert.True(Varint.TryRead([0x80, 0x00], out uint value32, out int read32));
        Assert.Equal(0u, value32);
        Assert.Equal(2, read32);
        Assert.True(Varint.TryRead([0x81, 0x80, 0x80, 0x80, 0x00], out uint value32Long, out _));
        Assert.Equal(1u, value32Long);
    }

    [Fact]
    public void TryRead_StopsAtFirstTerminalByte_IgnoringTrailingBytes()
    {
        Assert.True(Varint.TryRead([0xAC, 0x02, 0xFF, 0xFF], out ulong value, out int read));
        Assert.Equal(300UL, value);
        Assert.Equal(2, read);
    }

    [Fact]
    public void Write_DestinationTooShort_ThrowsInvalidArgumentAndWritesNothing()
    {
        byte[] buffer = [0xEE, 0xEE];

        StorageException ex = Assert.Throws<StorageException>(() => Varint.Write(buffer, 1UL << 20));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(new byte[] { 0xEE, 0xEE }, buffer);
        Assert.Throws<StorageException>(() => Varint.Write(Span<byte>.Empty, 0u));
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(-1, 1u)]
    [InlineData(1, 2u)]
    [InlineData(-2, 3u)]
    [InlineData(int.MaxValue, uint.MaxValue - 1)]
    [InlineData(int.MinValue, uint.MaxValue)]
    public void ZigZag32_KnownValues_MapAsProtobuf(int number, uint encoded)
    {
        Assert.Equal(encoded, Varint.EncodeZigZag(number));
        Assert.Equal(number, Varint.DecodeZigZag(encoded));
    }

    [Theory]
    [InlineData(0L, 0UL)]
    [InlineData(-1L, 1UL)]
    [InlineData(1L, 2UL)]
    [InlineData(long.MaxValue, ulong.MaxValue - 1)]
    [InlineData(long.MinValue, ulong.MaxValue)]
    public void ZigZag64_KnownValues_MapAsProtobuf(long number, ulong encoded)
    {
        Assert.Equal(encoded, Varint.EncodeZigZag(number));
        Assert.Equal(number, Varint.DecodeZigZag(encoded));
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void RoundTrip64_RandomValues_ReadsBackWhatWasWritten()
    {
        SpreadUInt64.Sample(output, value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength64 + 2];
            int written = Varint.Write(buffer, value);
            bool ok = Varint.TryRead(buffer[..written], out ulong read, out int bytesRead);
            bool truncatedFails = !Varint.TryRead(buffer[..(written - 1)], out ulong _, out int _);
            return ok && read == value && bytesRead == written && written == Varint.GetLength(value) && truncatedFails
                && Varint.DecodeZigZag(Varint.EncodeZigZag((long)value)) == (long)value;
        }, iter: 2000);
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void RoundTrip32_RandomValues_ReadsBackWhatWasWritten()
    {
        SpreadUInt64.Select(v => (uint)(v >> 32)).Sample(output, value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
            int written = Varint.Write(buffer, value);
            bool ok = Varint.TryRead(buffer[..written], out uint read, out int bytesRead);
            bool same64 = Varint.TryRead(buffer[..written], out ulong read64, out int _) && read64 == value;
            bool truncatedFails = !Varint.TryRead(buffer[..(written - 1)], out uint _, out int _);
            return ok && read == value && bytesRead == written && same64 && truncatedFails
                && Varint.DecodeZigZag(Varint.EncodeZigZag((int)value)) == (int)value;
        }, iter: 2000);
    }
}
