using Engine.Core.Compression;
using Engine.Core.Encoding;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Sst;

/// <summary>LZ4-compressed data blocks: when the writer compresses, what the reader accepts, and damage to them.</summary>
[Trait("Category", "Unit")]
public sealed class SstCompressionTests(ITestOutputHelper output)
{
    private const string Path = "000077.sst";
    private static readonly SstWriterOptions s_lz4 = new() { BlockSizeBytes = 1024, BlockRestartInterval = 8, Compression = CompressionType.Lz4 };

    [Fact]
    public void Lz4_CompressibleValues_DataBlocksCompressedAndTableSmaller()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(1), 2000, compressible: true);
        byte[] raw = SstTestData.Write(entries, [], s_lz4 with { Compression = CompressionType.None }, out _, Path);
        byte[] compressed = SstTestData.Write(entries, [], s_lz4, out SstWriteResult result, Path);
        output.WriteLine($"{raw.Length} bytes raw, {compressed.Length} with LZ4");

        using SstReader reader = SstTestData.Open(compressed, Path);
        Assert.Equal(CompressionType.Lz4, reader.Properties.Compression);
        Assert.Equal(result.Properties, reader.Properties);
        Assert.All(SstTestData.DataBlockTypes(compressed, reader), t => Assert.Equal((byte)CompressionType.Lz4, t));
        Assert.True(compressed.Length < raw.Length * 0.7, $"{compressed.Length} of {raw.Length}");
        AssertReadsMatch(reader, entries);

        using SstReader rawReader = SstTestData.Open(raw, Path);
        Assert.Equal(CompressionType.None, rawReader.Properties.Compression);
        Assert.All(SstTestData.DataBlockTypes(raw, rawReader), t => Assert.Equal((byte)CompressionType.None, t));
    }

    [Fact]
    public void Lz4_IncompressibleValues_DataBlocksStoredRaw()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(2), 2000, compressible: false);
        byte[] raw = SstTestData.Write(entries, [], s_lz4 with { Compression = CompressionType.None }, out _, Path);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        using SstReader reader = SstTestData.Open(bytes, Path);
        Assert.Equal(CompressionType.Lz4, reader.Properties.Compression);
        Assert.All(SstTestData.DataBlockTypes(bytes, reader), t => Assert.Equal((byte)CompressionType.None, t));
        Assert.Equal(raw.Length, bytes.Length);
        AssertReadsMatch(reader, entries);
    }

    [Fact]
    public void CompressedBlockBitFlip_IsCorruptionNamingFileAndOffset()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(3), 500, compressible: true);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        List<(byte[] Key, BlockHandle Handle)> index = Index(bytes);
        BlockHandle bad = index[2].Handle;
        Assert.Equal((byte)CompressionType.Lz4, bytes[bad.End - BlockTrailer.Size]);
        bytes[bad.Offset + (bad.Size / 2)] ^= 0x04;

        using SstReader reader = SstTestData.Open(bytes, Path);
        Assert.True(reader.TryGet(InternalKey.UserKey(entries[0].Key), SequenceNumber.Max, out _, out _));
        AssertCorrupt(bad.Offset, () => reader.TryGet(InternalKey.UserKey(index[2].Key), SequenceNumber.Max, out _, out _));
        AssertCorrupt(bad.Offset, () => SstTestData.ScanForward(reader));
        AssertCorrupt(bad.Offset, () => SstTestData.ScanBackward(reader));
    }

    [Fact]
    public void UnknownTypeByte_WithValidChecksum_IsCorruption()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(4), 500, compressible: true);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        List<(byte[] Key, BlockHandle Handle)> index = Index(bytes);
        BlockHandle bad = index[1].Handle;
        Rewrite(bytes, bad, bytes.AsSpan((int)bad.Offset, bad.Size).ToArray(), type: 7);

        using SstReader reader = SstTestData.Open(bytes, Path);
        CorruptionException ex = AssertCorrupt(bad.Offset, () => reader.TryGet(InternalKey.UserKey(index[1].Key), SequenceNumber.Max, out _, out _));
        Assert.Contains("compression type 7", ex.Reason, StringComparison.Ordinal);
        AssertCorrupt(bad.Offset, () => SstTestData.ScanForward(reader));
    }

    [Fact]
    public void CompressedIndexBlock_WithValidChecksum_IsCorruptionAtOpen()
    {
        byte[] bytes = SstTestData.Write(Entries(new Random(5), 200, compressible: true), [], s_lz4, out _, Path);
        long footerOffset = bytes.Length - Footer.Size;
        BlockHandle indexHandle = Footer.Decode(bytes.AsSpan((int)footerOffset), Path, footerOffset).IndexHandle;
        Rewrite(bytes, indexHandle, bytes.AsSpan((int)indexHandle.Offset, indexHandle.Size).ToArray(), (byte)CompressionType.Lz4);
        CorruptionException ex = AssertCorrupt(indexHandle.Offset, () => SstTestData.Open(bytes, Path).Dispose());
        Assert.Contains("compressed", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1 << 30)]
    [InlineData(60 << 20)]
    [InlineData(uint.MaxValue)]
    [InlineData(-1)]
    public void DeclaredLengthOutOfBoundsOrWrong_WithValidChecksum_IsCorruptionWithoutLargeAllocation(long declared)
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(6), 500, compressible: true);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        List<(byte[] Key, BlockHandle Handle)> index = Index(bytes);
        BlockHandle bad = index[1].Handle;
        byte[] stored = bytes.AsSpan((int)bad.Offset, bad.Size).ToArray();
        Assert.True(Varint.TryRead(stored, out uint actual, out int header));

        // The same number of stored bytes: the new length, then as much of the LZ4 block as still fits.
        uint length = declared < 0 ? actual + 1 : (uint)declared;
        byte[] damaged = new byte[stored.Length];
        int newHeader = Varint.Write(damaged, length);
        stored.AsSpan(header, stored.Length - Math.Max(header, newHeader)).CopyTo(damaged.AsSpan(newHeader));
        Rewrite(bytes, bad, damaged, (byte)CompressionType.Lz4);

        using SstReader reader = SstTestData.Open(bytes, Path);
        Assert.True(reader.TryGet(InternalKey.UserKey(entries[0].Key), SequenceNumber.Max, out _, out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        CorruptionException ex = AssertCorrupt(bad.Offset, () => reader.TryGet(InternalKey.UserKey(index[1].Key), SequenceNumber.Max, out _, out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"declared {length} (actual {actual}): {ex.Reason}; {allocated} bytes allocated");
        Assert.True(allocated < 256 << 10, $"{allocated} bytes allocated");
        AssertCorrupt(bad.Offset, () => SstTestData.ScanForward(reader));
    }

    private static void AssertReadsMatch(SstReader reader, List<(byte[] Key, byte[] Value)> entries)
    {
        Assert.Equal(entries.Select(e => Convert.ToHexString(e.Key) + Convert.ToHexString(e.Value)),
            SstTestData.ScanForward(reader).Select(e => Convert.ToHexString(e.Key) + Convert.ToHexString(e.Value)));
        Assert.Equal(entries.Count, SstTestData.ScanBackward(reader).Count);
        foreach ((byte[] key, byte[] value) in entries)
        {
            Assert.True(reader.TryGet(InternalKey.UserKey(key), SequenceNumber.Max, out ulong trailer, out ReadOnlySpan<byte> found));
            Assert.Equal(InternalKey.Trailer(key), trailer);
            Assert.Equal(value, found.ToArray());
        }
    }

    /// <summary>One version per user key, so that every entry is what a latest-version lookup finds.</summary>
    private static List<(byte[] Key, byte[] Value)> Entries(Random random, int count, bool compressible) =>
        Enumerable.Range(0, count)
            .Select(i => (Key: SstTestData.Key($"key{i:D8}", (ulong)i + 1, KeyKind.Set), Length: random.Next(20, 200)))
            .Select(e => (e.Key, compressible ? SstTestData.CompressibleValue(random, e.Length) : SstTestData.RandomBytes(random, e.Length, e.Length)))
            .ToList();

    private static List<(byte[] Key, BlockHandle Handle)> Index(byte[] bytes)
    {
        using SstReader clean = SstTestData.Open(bytes, Path);
        List<(byte[] Key, BlockHandle Handle)> index = SstTestData.IndexEntries(clean);
        Assert.True(index.Count >= 3);
        return index;
    }

    /// <summary>Replaces a block's stored bytes (same length) and type, with a checksum that matches them.</summary>
    private static void Rewrite(byte[] bytes, BlockHandle handle, byte[] stored, byte type)
    {
        Assert.Equal(handle.Size, stored.Length);
        stored.CopyTo(bytes.AsSpan((int)handle.Offset));
        BlockTrailer.Write(stored, (CompressionType)type, bytes.AsSpan((int)handle.Offset + handle.Size, BlockTrailer.Size));
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
}
