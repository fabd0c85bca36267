using System.Buffers.Binary;
using Engine.Core.Compression;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;

namespace Engine.Tests.Lsm.Sst;

/// <summary>Damaged tables: every damaged byte is reported as corruption, at open or on the read that touches it.</summary>
[Trait("Category", "Unit")]
public sealed class SstCorruptionTests(ITestOutputHelper output)
{
    private const string Path = "000042.sst";

    [Fact]
    public void DataBlockBitFlip_ReportedByGetAndScanThatTouchIt_WithPathAndOffset()
    {
        byte[] bytes = BuildTable(out List<(byte[] Key, byte[] Value)> entries, blockSize: 256);
        List<(byte[] Key, BlockHandle Handle)> index;
        using (SstReader clean = SstTestData.Open(bytes, Path))
        {
            index = SstTestData.IndexEntries(clean);
        }

        Assert.True(index.Count >= 4);
        BlockHandle bad = index[2].Handle;
        bytes[bad.Offset + (bad.Size / 2)] ^= 0x10;
        using SstReader reader = SstTestData.Open(bytes, Path);

        byte[] inBadBlock = index[2].Key;
        byte[] inGoodBlock = entries[0].Key;
        Assert.True(reader.TryGet(InternalKey.UserKey(inGoodBlock), SequenceNumber.Max, out _, out _));
        AssertCorrupt(bad.Offset, () => reader.TryGet(InternalKey.UserKey(inBadBlock), SequenceNumber.Max, out _, out _));

        // Still reported on every later touch: a failed verification is not remembered as success.
        AssertCorrupt(bad.Offset, () => reader.TryGet(InternalKey.UserKey(inBadBlock), SequenceNumber.Max, out _, out _));
        AssertCorrupt(bad.Offset, () => SstTestData.ScanForward(reader));
        AssertCorrupt(bad.Offset, () => SstTestData.ScanBackward(reader));
        using SstIterator iterator = reader.NewIterator();
        AssertCorrupt(bad.Offset, () => iterator.SeekGE(inBadBlock));
    }

    [Theory]
    [InlineData("footer")]
    [InlineData("index")]
    [InlineData("metaindex")]
    [InlineData("properties")]
    [InlineData("filter")]
    [InlineData("rangedel")]
    public void MetaBitFlip_ReportedAtOpen(string region)
    {
        byte[] bytes = BuildTable(out _, blockSize: 256);
        (long offset, int size, long reportedOffset) = Locate(bytes, region);
        for (int i = 0; i < size; i += Math.Max(1, size / 16))
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[offset + i] ^= 0x01;
            CorruptionException ex = AssertCorrupt(reportedOffset, () => SstTestData.Open(damaged, Path).Dispose());
            Assert.Equal(StorageErrorCode.Corruption, ex.Code);
        }
    }

    [Fact]
    public void TruncatedOrTinyFile_IsCorruptionAtOpen()
    {
        byte[] bytes = BuildTable(out _, blockSize: 256);
        Assert.Throws<CorruptionException>(() => SstTestData.Open(bytes[..^1], Path));
        Assert.Throws<CorruptionException>(() => SstTestData.Open(bytes[1..], Path));
        Assert.Throws<CorruptionException>(() => SstTestData.Open(new byte[47], Path));
        Assert.Throws<CorruptionException>(() => SstTestData.Open(new byte[4096], Path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryBitFlip_InASmallTable_IsDetected(bool lz4)
    {
        CompressionType compression = lz4 ? CompressionType.Lz4 : CompressionType.None;
        byte[] bytes = BuildSmallTable(compression, out List<(byte[] Key, byte[] Value)> entries);
        using (SstReader clean = SstTestData.Open(bytes, Path))
        {
            List<byte> types = SstTestData.DataBlockTypes(bytes, clean);
            output.WriteLine($"data block types: {string.Join(",", types)}");
            Assert.Equal(compression == CompressionType.Lz4, types.Contains((byte)CompressionType.Lz4));
        }

        int detectedAtOpen = 0;
        int detectedOnRead = 0;
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            SstReader reader;
            try
            {
                reader = SstTestData.Open(damaged, Path);
            }
            catch (CorruptionException)
            {
                detectedAtOpen++;
                continue;
            }

            using (reader)
            {
                try
                {
                    ReadEverything(reader, entries);
                }
                catch (CorruptionException)
                {
                    detectedOnRead++;
                    continue;
                }
            }

            Assert.Fail($"flip of bit {bit % 8} of byte {bit / 8} went unnoticed");
        }

        output.WriteLine($"{bytes.Length} bytes: {detectedAtOpen} flips detected at open, {detectedOnRead} on read");
        Assert.Equal(bytes.Length * 8, detectedAtOpen + detectedOnRead);
        Assert.True(detectedOnRead > 0);
    }

    private static void ReadEverything(SstReader reader, List<(byte[] Key, byte[] Value)> entries)
    {
        SstTestData.ScanForward(reader);
        SstTestData.ScanBackward(reader);
        foreach ((byte[] key, _) in entries)
        {
            reader.TryGet(InternalKey.UserKey(key), SequenceNumber.Max, out _, out _);
        }
    }

    /// <summary>Where a region lies and which offset its corruption names.</summary>
    private static (long Offset, int Size, long ReportedOffset) Locate(byte[] bytes, string region)
    {
        long footerOffset = bytes.Length - Footer.Size;
        Footer footer = Footer.Decode(bytes.AsSpan((int)footerOffset), Path, footerOffset);
        if (region == "footer")
        {
            return (footerOffset, Footer.Size, footerOffset);
        }

        BlockHandle handle = region switch
        {
            "index" => footer.IndexHandle,
            "metaindex" => footer.MetaIndexHandle,
            _ => MetaHandle(bytes, footer.MetaIndexHandle, region == "filter" ? "filter.bloom" : region),
        };
        return (handle.Offset, handle.Size + BlockTrailer.Size, handle.Offset);
    }

    private static BlockHandle MetaHandle(byte[] bytes, BlockHandle metaIndex, string name)
    {
        using BlockIterator meta = new(new InMemoryMappedFile(bytes), metaIndex, BlockKeyOrder.Bytewise);
        meta.SeekGE(System.Text.Encoding.ASCII.GetBytes(name));
        Assert.True(meta.Valid && meta.Key.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(name)));
        Assert.True(BlockHandle.TryDecode(meta.Value, out BlockHandle handle, out _));
        return handle;
    }

    private static byte[] BuildTable(out List<(byte[] Key, byte[] Value)> entries, int blockSize)
    {
        Random random = new(11);
        entries = BlockIteratorTests.RandomEntries(random, 600);
        return SstTestData.Write(
            entries,
            [("user/0001"u8.ToArray(), "user/0003"u8.ToArray(), 20UL), ("a"u8.ToArray(), "b"u8.ToArray(), 3UL)],
            new SstWriterOptions { BlockSizeBytes = blockSize, BlockRestartInterval = 4 },
            out _,
            Path);
    }

    private static byte[] BuildSmallTable(CompressionType compression, out List<(byte[] Key, byte[] Value)> entries)
    {
        Random random = new(5);
        entries = BlockIteratorTests.RandomEntries(random, 24);
        if (compression != CompressionType.None)
        {
            // Values that compress, in blocks large enough to gain an eighth.
            entries = entries.Select(e => (e.Key, SstTestData.CompressibleValue(random, 40))).ToList();
        }

        return SstTestData.Write(
            entries,
            [("b"u8.ToArray(), "d"u8.ToArray(), 9UL)],
            new SstWriterOptions
            {
                BlockSizeBytes = compression == CompressionType.None ? 96 : 200,
                BlockRestartInterval = 2,
                BloomBitsPerKey = 10,
                Compression = compression,
            },
            out _,
            Path);
    }

    private static CorruptionException AssertCorrupt(long offset, Action action)
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(action);
        Assert.Equal(Path, ex.FilePath);
        Assert.Equal(offset, ex.Offset);
        return ex;
    }

    private static CorruptionException AssertCorrupt(long offset, Func<object> action) => AssertCorrupt(offset, () => { _ = action(); });

    private static CorruptionException AssertCorrupt(long offset, Func<bool> action) => AssertCorrupt(offset, () => { _ = action(); });

    internal static void WriteVersion(byte[] bytes, uint version)
    {
        int footer = bytes.Length - Footer.Size;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(footer + 32), version);
        uint crc = Engine.Core.Hashing.Crc32C.Compute(bytes.AsSpan(footer, 36));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(footer + 36), Engine.Core.Hashing.Crc32C.Mask(crc));
    }
}
