using Engine.Core.Compression;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

namespace Engine.Tests.Lsm.Sst;

/// <summary>
/// The block source a reader picks at open, and the positional source's reads with and without filling the cache: one
/// per block, except a forward scan's, which reads ahead.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BlockSourceTests
{
    private const string Path = "000042.sst";
    private static readonly SstWriterOptions s_lz4 = new() { BlockSizeBytes = 1024, BlockRestartInterval = 8, Compression = CompressionType.Lz4 };

    [Fact]
    public void Open_NoCache_ReadsThroughTheMappingAndReleasesThePositionalFile()
    {
        byte[] bytes = SstTestData.Write(Entries(new Random(1), 300), [], s_lz4, out _, Path);
        CountingReadableFile positional = new(bytes, Path);
        using SstReader reader = SstReader.Open(new InMemoryMappedFile(bytes, Path), positional: positional);

        Assert.IsType<MappedBlockSource>(reader.Blocks);
        Assert.True(positional.Disposed);
    }

    [Fact]
    public void Open_CacheAndRawTable_ReadsPositionallyAndKeepsThePositionalFile()
    {
        byte[] bytes = SstTestData.Write(Entries(new Random(2), 300), [], s_lz4 with { Compression = CompressionType.None }, out _, Path);
        CountingReadableFile positional = new(bytes, Path);
        using SstReader reader = SstReader.Open(new InMemoryMappedFile(bytes, Path), new BlockCache(1 << 20), 42, positional);

        Assert.IsType<PositionalBlockSource>(reader.Blocks);
        Assert.False(positional.Disposed);
    }

    [Fact]
    public void Open_CacheAndRawTableWithoutPositionalFile_ReadsRawBlocksInPlace()
    {
        byte[] bytes = SstTestData.Write(Entries(new Random(3), 300), [], s_lz4 with { Compression = CompressionType.None }, out _, Path);
        using SstReader reader = SstReader.Open(new InMemoryMappedFile(bytes, Path), new BlockCache(1 << 20), 42);

        Assert.IsType<CachedDecodedBlockSource>(reader.Blocks);
    }

    [Fact]
    public void Open_CacheCompressedTableAndPositionalFile_ReadsEveryBlockOncePositionally()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(3), 1200);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        CountingReadableFile positional = new(bytes, Path);
        BlockCache cache = new(8 << 20);
        using SstReader reader = SstReader.Open(new InMemoryMappedFile(bytes, Path), cache, 42, positional);

        Assert.IsType<PositionalBlockSource>(reader.Blocks);
        Assert.Contains(SstTestData.DataBlockTypes(bytes, reader), type => type == (byte)CompressionType.None);
        Assert.Equal(Hex(entries), Hex(SstTestData.ScanForward(reader)));

        // The scan read ahead after its first blocks: fewer reads than blocks, every block into the cache once.
        int scanReads = positional.Reads;
        Assert.InRange(scanReads, 2, (reader.DataBlockCount / 2) - 1);
        Assert.Equal(reader.DataBlockCount, cache.Inserts);
        Assert.False(positional.Disposed);

        Assert.Equal(Hex(entries), Hex(SstTestData.ScanForward(reader)));
        foreach ((byte[] key, byte[] value) in entries)
        {
            Assert.True(reader.TryGet(InternalKey.UserKey(key), SequenceNumber.Max, out _, out ReadOnlySpan<byte> found, out BlockLease block));
            using (block)
            {
                Assert.True(found.SequenceEqual(value));
            }
        }

        // Raw and compressed blocks alike are read once, then served by the cache.
        Assert.Equal(scanReads, positional.Reads);
        Assert.Equal(reader.DataBlockCount, cache.Inserts);
    }

    [Fact]
    public void PositionalSource_IteratorNotFillingTheCache_ReadsRightAndInsertsNothing()
    {
        List<(byte[] Key, byte[] Value)> entries = Entries(new Random(4), 1200);
        byte[] bytes = SstTestData.Write(entries, [], s_lz4, out _, Path);
        CountingReadableFile positional = new(bytes, Path);
        BlockCache cache = new(8 << 20);
        using SstReader reader = SstReader.Open(new InMemoryMappedFile(bytes, Path), cache, 42, positional);

        List<(byte[], byte[])> forward = [];
        List<(byte[], byte[])> backward = [];
        int forwardReads;
        using (SstIterator it = new(reader, fillCache: false))
        {
            for (it.First(); it.Valid; it.Next())
            {
                forward.Add((it.Key.ToArray(), it.Value.ToArray()));
            }

            forwardReads = positional.Reads;
            for (it.Last(); it.Valid; it.Prev())
            {
                backward.Add((it.Key.ToArray(), it.Value.ToArray()));
            }
        }

        backward.Reverse();
        Assert.Equal(Hex(entries), Hex(forward));
        Assert.Equal(Hex(entries), Hex(backward));
        Assert.Equal(0, cache.Inserts);

        // Forward, the iterator read ahead after its first blocks; backward, at most one read per block (the last window
        // of the forward pass may still hold the last blocks).
        Assert.InRange(forwardReads, 2, (reader.DataBlockCount / 2) - 1);
        Assert.InRange(positional.Reads - forwardReads, reader.DataBlockCount / 2, reader.DataBlockCount);
        Assert.False(positional.Disposed);
    }

    /// <summary>Half the entries incompressible, so a compressed table also holds raw blocks.</summary>
    private static List<(byte[] Key, byte[] Value)> Entries(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(i => (SstTestData.Key($"key{i:D8}", (ulong)i + 1, KeyKind.Set),
                i < count / 2 ? SstTestData.RandomBytes(random, 20, 200) : SstTestData.CompressibleValue(random, random.Next(20, 200))))
            .ToList();

    private static List<string> Hex(List<(byte[] Key, byte[] Value)> entries) =>
        entries.Select(e => Convert.ToHexString(e.Key) + "=" + Convert.ToHexString(e.Value)).ToList();
}
