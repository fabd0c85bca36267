using System.Buffers.Binary;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;

namespace Engine.Tests.Lsm.Sst;

/// <summary>Malformed blocks: every defect is a <see cref="CorruptionException"/> with the block's offset, never a range exception.</summary>
[Trait("Category", "Unit")]
public sealed class BlockReaderTests(ITestOutputHelper output)
{
    private const long BlockOffset = 4242;

    [Fact]
    public void Create_ShorterThanRestartCount_IsCorruption()
    {
        AssertCorrupt(() => _ = new BlockReader(new byte[3], BlockKeyOrder.Bytewise, "t.sst", BlockOffset));
    }

    [Fact]
    public void Create_RestartCountTooLarge_IsCorruption()
    {
        AssertCorrupt(() => _ = new BlockReader(Block([], uint.MaxValue), BlockKeyOrder.Bytewise, "t.sst", BlockOffset));
        AssertCorrupt(() => _ = new BlockReader(Block([1, 2, 3, 4], 2), BlockKeyOrder.Bytewise, "t.sst", BlockOffset));
    }

    [Fact]
    public void Create_EntriesWithoutRestarts_IsCorruption()
    {
        AssertCorrupt(() => _ = new BlockReader(Block([0, 1, 0, (byte)'a'], 0), BlockKeyOrder.Bytewise, "t.sst", BlockOffset));
    }

    [Fact]
    public void RestartOffset_OutsideEntries_IsCorruption()
    {
        byte[] block = Block([0, 1, 0, (byte)'a'], 1, 4);
        AssertCorrupt(() => First(block, BlockKeyOrder.Bytewise));
    }

    [Fact]
    public void Validate_DecreasingOrNotStartingAtZero_IsCorruption()
    {
        byte[] entries = [0, 1, 0, (byte)'a', 0, 1, 0, (byte)'b'];
        AssertCorrupt(() => new BlockReader(Block(entries, 2, 4, 0), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
        AssertCorrupt(() => new BlockReader(Block(entries, 2, 0, 0), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
        AssertCorrupt(() => new BlockReader(Block(entries, 1, 4), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
        new BlockReader(Block(entries, 2, 0, 4), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate();
    }

    [Fact]
    public void Validate_RestartPointInsideAnEntry_IsCorruption()
    {
        // Entry 0 is "a" = "b" (value of 4 bytes: 0, 1, 0, 'c'); a restart point at 4 lands inside that value, where
        // the bytes decode as the entry "c". Forward iteration reads one entry, backward from the last restart two.
        byte[] entries = [0, 1, 4, (byte)'a', 0, 1, 0, (byte)'c'];
        AssertCorrupt(() => new BlockReader(Block(entries, 2, 0, 4), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
        new BlockReader(Block(entries, 1, 0), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate();
    }

    [Fact]
    public void Validate_RestartPointSharingAKeyPrefix_IsCorruption()
    {
        // The second entry shares one byte with "a" but is listed as a restart point, where no previous key exists.
        byte[] entries = [0, 1, 0, (byte)'a', 1, 1, 0, (byte)'b'];
        AssertCorrupt(() => new BlockReader(Block(entries, 2, 0, 4), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
        new BlockReader(Block(entries, 1, 0), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate();
    }

    [Fact]
    public void Validate_RestartPointPastTheLastEntryStart_IsCorruption()
    {
        // Entry 0 runs to the restart array; the second restart point (6) is inside it and never reached.
        byte[] entries = [0, 1, 4, (byte)'a', 0, 1, 0, (byte)'c'];
        AssertCorrupt(() => new BlockReader(Block(entries, 2, 0, 6), BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
    }

    [Fact]
    public void Validate_FuzzFinding_RestartInsideAValue_IsCorruption()
    {
        // Engine.Fuzz/Corpus/block/regress-block-restart-inside-entry.bin: a metaindex-like block whose second entry's
        // value length was raised to swallow the next three entries, leaving their restart points inside it.
        byte[] block = Convert.FromHexString(
            "001002656E67696E652E646174612E73697A653100000040656E67696E652E6E756D2E656E74726965733138000C0266696C7465722E"
            + "626C6F6F6D3132000A0270726F70657274696573313000080172616E676564656C3800000000150000002C0000003D0000004C00000005000000");
        AssertCorrupt(() => new BlockReader(block, BlockKeyOrder.Bytewise, "t.sst", BlockOffset).Validate());
    }

    [Fact]
    public void Decode_SharedLargerThanPreviousKey_IsCorruption()
    {
        // The restart entry claims to share 2 bytes with a key that does not exist.
        AssertCorrupt(() => First(Block([2, 1, 0, (byte)'a'], 1, 0), BlockKeyOrder.Bytewise));

        // The second entry shares 3 bytes of a 1-byte key.
        AssertCorrupt(() => Scan(Block([0, 1, 0, (byte)'a', 3, 1, 0, (byte)'b'], 1, 0), BlockKeyOrder.Bytewise));
    }

    [Fact]
    public void Decode_LengthsPastRestartArray_IsCorruption()
    {
        AssertCorrupt(() => First(Block([0, 1, 9, (byte)'a'], 1, 0), BlockKeyOrder.Bytewise));
        AssertCorrupt(() => First(Block([0, 0x7F, 0, (byte)'a'], 1, 0), BlockKeyOrder.Bytewise));
    }

    [Fact]
    public void Decode_TruncatedHeader_IsCorruption()
    {
        AssertCorrupt(() => First(Block([0, 0x80], 1, 0), BlockKeyOrder.Bytewise));
    }

    [Fact]
    public void Decode_InternalKeyShorterThanTrailer_IsCorruption()
    {
        AssertCorrupt(() => First(Block([0, 3, 0, 1, 2, 3], 1, 0), BlockKeyOrder.Internal));
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void MutatedBlocks_EveryOperation_EitherWorksOrReportsCorruption()
    {
        int seed = TestSeed.Get(output, nameof(MutatedBlocks_EveryOperation_EitherWorksOrReportsCorruption));
        Random random = new(seed);
        int corruptions = 0;
        for (int round = 0; round < 2000; round++)
        {
            List<(byte[] Key, byte[] Value)> entries = BlockIteratorTests.RandomEntries(random, random.Next(1, 30));
            using BlockBuilder builder = new(random.Next(1, 5), BlockKeyOrder.Internal);
            foreach ((byte[] key, byte[] value) in entries)
            {
                builder.Add(key, value);
            }

            byte[] block = builder.Finish().ToArray();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                block[random.Next(block.Length)] ^= (byte)(1 << random.Next(8));
            }

            try
            {
                BlockReader reader = new(block, BlockKeyOrder.Internal, "t.sst", BlockOffset);
                if (random.Next(2) == 0)
                {
                    reader.Validate();
                }

                using BlockIterator iterator = new(new InMemoryMappedFile(Pad(block), "t.sst"), new BlockHandle(BlockOffset, block.Length), BlockKeyOrder.Internal);
                ExerciseAll(random, iterator, entries);
            }
            catch (CorruptionException ex)
            {
                Assert.Equal("t.sst", ex.FilePath);
                Assert.Equal(BlockOffset, ex.Offset);
                corruptions++;
            }
        }

        output.WriteLine($"{corruptions} of 2000 mutated blocks reported corruption");
        Assert.True(corruptions > 0);
    }

    private static void ExerciseAll(Random random, BlockIterator iterator, List<(byte[] Key, byte[] Value)> entries)
    {
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            _ = iterator.Key.Length + iterator.Value.Length;
        }

        for (iterator.Last(); iterator.Valid; iterator.Prev())
        {
            _ = iterator.Key.Length + iterator.Value.Length;
        }

        for (int i = 0; i < 10; i++)
        {
            byte[] target = BlockIteratorTests.RandomTarget(random, entries);
            iterator.SeekGE(target);
            iterator.SeekLT(target);
            if (iterator.Valid)
            {
                iterator.Prev();
                iterator.Next();
            }
        }
    }

    /// <summary>A file holding <paramref name="block"/> at <see cref="BlockOffset"/>.</summary>
    private static byte[] Pad(byte[] block)
    {
        byte[] file = new byte[BlockOffset + block.Length];
        block.CopyTo(file, BlockOffset);
        return file;
    }

    /// <summary>A block from raw entry bytes, restart offsets and a restart count that may disagree with them.</summary>
    private static byte[] Block(byte[] entries, uint count, params uint[] restarts)
    {
        byte[] block = new byte[entries.Length + (restarts.Length * 4) + 4];
        entries.CopyTo(block, 0);
        for (int i = 0; i < restarts.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(entries.Length + (i * 4)), restarts[i]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(block.Length - 4), count);
        return block;
    }

    private static void First(byte[] block, BlockKeyOrder order)
    {
        using BlockIterator iterator = new(new InMemoryMappedFile(Pad(block), "t.sst"), new BlockHandle(BlockOffset, block.Length), order);
        iterator.First();
    }

    private static void Scan(byte[] block, BlockKeyOrder order)
    {
        using BlockIterator iterator = new(new InMemoryMappedFile(Pad(block), "t.sst"), new BlockHandle(BlockOffset, block.Length), order);
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
        }
    }

    private static void AssertCorrupt(Action action)
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(action);
        Assert.Equal("t.sst", ex.FilePath);
        Assert.Equal(BlockOffset, ex.Offset);
        Assert.Equal(StorageErrorCode.Corruption, ex.Code);
    }
}
