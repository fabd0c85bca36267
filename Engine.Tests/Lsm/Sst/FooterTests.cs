using System.Buffers.Binary;
using Engine.Core.Hashing;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Sst;

[Trait("Category", "Unit")]
public sealed class FooterTests
{
    private const long FooterOffset = 10_000;

    private static readonly Footer s_footer = new(new BlockHandle(9000, 120), new BlockHandle(9125, 800), Footer.CurrentFormatVersion);

    [Fact]
    public void EncodeDecode_RoundTrips()
    {
        byte[] bytes = Encode(s_footer);
        Assert.Equal(Footer.Size, bytes.Length);
        Assert.Equal("EngSST\0\u0001"u8.ToArray(), bytes[40..]);
        Assert.Equal(s_footer, Footer.Decode(bytes, "t.sst", FooterOffset));
    }

    [Fact]
    public void Decode_EveryBitFlip_IsCorruption()
    {
        byte[] bytes = Encode(s_footer);
        for (int bit = 0; bit < Footer.Size * 8; bit++)
        {
            byte[] flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            CorruptionException ex = Assert.Throws<CorruptionException>(() => Footer.Decode(flipped, "t.sst", FooterOffset));
            Assert.Equal("t.sst", ex.FilePath);
            Assert.Equal(FooterOffset, ex.Offset);
        }
    }

    [Fact]
    public void Decode_BadMagic_SaysNotATable()
    {
        byte[] bytes = Encode(s_footer);
        bytes[^1] = 2;
        CorruptionException ex = Assert.Throws<CorruptionException>(() => Footer.Decode(bytes, "t.sst", FooterOffset));
        Assert.Contains("magic", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BadChecksum_IsCorruption()
    {
        byte[] bytes = Encode(s_footer);
        bytes[36] ^= 0x40;
        CorruptionException ex = Assert.Throws<CorruptionException>(() => Footer.Decode(bytes, "t.sst", FooterOffset));
        Assert.Contains("checksum", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NewerVersion_IsFailedPreconditionNotCorruption()
    {
        byte[] bytes = Encode(s_footer with { FormatVersion = 2 });
        StorageException ex = Assert.Throws<Engine.Api.UnsupportedFormatVersionException>(() => Footer.Decode(bytes, "t.sst", FooterOffset));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
    }

    [Fact]
    public void Decode_VersionZero_IsCorruption()
    {
        Assert.Throws<CorruptionException>(() => Footer.Decode(Encode(s_footer with { FormatVersion = 0 }), "t.sst", FooterOffset));
    }

    [Fact]
    public void Decode_HandleOutsideFile_IsCorruption()
    {
        Assert.Throws<CorruptionException>(() => Footer.Decode(Encode(s_footer), "t.sst", 9800));
        Footer huge = s_footer with { IndexHandle = new BlockHandle(long.MaxValue - 2, int.MaxValue) };
        Assert.Throws<CorruptionException>(() => Footer.Decode(Encode(huge), "t.sst", FooterOffset));

        // A size above int.MaxValue with a valid checksum.
        byte[] bytes = Encode(s_footer);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), 1UL << 40);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(0, 36))));
        Assert.Throws<CorruptionException>(() => Footer.Decode(bytes, "t.sst", FooterOffset));
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(127L, 128)]
    [InlineData(1L << 40, int.MaxValue)]
    [InlineData(long.MaxValue, 5)]
    public void BlockHandle_EncodeDecode_RoundTrips(long offset, int size)
    {
        BlockHandle handle = new(offset, size);
        byte[] buffer = new byte[BlockHandle.MaxEncodedLength];
        int length = handle.EncodeTo(buffer);
        Assert.True(BlockHandle.TryDecode(buffer.AsSpan(0, length), out BlockHandle decoded, out int read));
        Assert.Equal(handle, decoded);
        Assert.Equal(length, read);
        Assert.False(BlockHandle.TryDecode(buffer.AsSpan(0, length - 1), out _, out _));
    }

    [Fact]
    public void BlockHandle_SizeAboveIntMax_DoesNotDecode()
    {
        byte[] buffer = new byte[BlockHandle.MaxEncodedLength];
        int length = Engine.Core.Encoding.Varint.Write(buffer, 7UL);
        length += Engine.Core.Encoding.Varint.Write(buffer.AsSpan(length), (ulong)int.MaxValue + 1);
        Assert.False(BlockHandle.TryDecode(buffer.AsSpan(0, length), out _, out _));
    }

    private static byte[] Encode(Footer footer)
    {
        byte[] bytes = new byte[Footer.Size];
        footer.EncodeTo(bytes);
        return bytes;
    }
}
