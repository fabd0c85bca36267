using Engine.Core.Encoding;

namespace Engine.Tests.Core.Encoding;

[Trait("Category", "Unit")]
public sealed class FixedTests
{
    [Fact]
    public void LittleEndian_WritesLowByteFirst()
    {
        byte[] buffer = new byte[8];

        Fixed.WriteUInt64LittleEndian(buffer, 0x0102030405060708);

        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, buffer);
        Assert.Equal(0x0102030405060708UL, Fixed.ReadUInt64LittleEndian(buffer));
        Assert.Equal(0x05060708u, Fixed.ReadUInt32LittleEndian(buffer));
        Assert.Equal((ushort)0x0708, Fixed.ReadUInt16LittleEndian(buffer));
    }

    [Fact]
    public void BigEndian_WritesHighByteFirstSoBytewiseOrderIsNumericOrder()
    {
        byte[] small = new byte[4];
        byte[] large = new byte[4];

        Fixed.WriteUInt32BigEndian(small, 0x00FF_FFFF);
        Fixed.WriteUInt32BigEndian(large, 0x0100_0000);

        Assert.Equal(new byte[] { 0x01, 0x00, 0x00, 0x00 }, large);
        Assert.True(small.AsSpan().SequenceCompareTo(large) < 0);
        Assert.Equal(0x0100_0000u, Fixed.ReadUInt32BigEndian(large));
    }

    [Fact]
    public void UInt24_RoundTripsAndRejectsWiderValues()
    {
        byte[] buffer = new byte[3];

        Fixed.WriteUInt24LittleEndian(buffer, 0xABCDEF);

        Assert.Equal(new byte[] { 0xEF, 0xCD, 0xAB }, buffer);
        Assert.Equal(0xABCDEFu, Fixed.ReadUInt24LittleEndian(buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fixed.WriteUInt24LittleEndian(buffer, Fixed.MaxUInt24 + 1));
    }

    [Fact]
    public void UInt48_RoundTripsAndRejectsWiderValues()
    {
        byte[] buffer = new byte[6];

        Fixed.WriteUInt48LittleEndian(buffer, 0x0102_0304_0506);

        Assert.Equal(new byte[] { 6, 5, 4, 3, 2, 1 }, buffer);
        Assert.Equal(0x0102_0304_0506UL, Fixed.ReadUInt48LittleEndian(buffer));
        Assert.Equal(Fixed.MaxUInt48, ReadBack48(Fixed.MaxUInt48));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fixed.WriteUInt48LittleEndian(buffer, Fixed.MaxUInt48 + 1));
    }

    [Fact]
    public void ShortSpan_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => Fixed.ReadUInt32LittleEndian(new byte[3]));
        Assert.ThrowsAny<Exception>(() => Fixed.ReadUInt24LittleEndian(new byte[2]));
    }

    private static ulong ReadBack48(ulong value)
    {
        byte[] buffer = new byte[6];
        Fixed.WriteUInt48LittleEndian(buffer, value);
        return Fixed.ReadUInt48LittleEndian(buffer);
    }
}
