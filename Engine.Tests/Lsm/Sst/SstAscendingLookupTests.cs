using Engine.Core.Compression;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Sst;

[Trait("Category", "Unit")]
public sealed class SstAscendingLookupTests(ITestOutputHelper output)
{
    [Theory]
    [Trait("Category", "Randomized")]
    [InlineData(false)]
    [InlineData(true)]
    public void AscendingLookups_AnswerAsTryGet(bool cached)
    {
        TestSeed.Run(output, $"{nameof(AscendingLookups_AnswerAsTryGet)}({cached})", 20, seed =>
        {
            Random random = new(seed);
            List<(byte[] Key, byte[] Value)> entries = BlockIteratorTests.RandomEntries(random, random.Next(1, 1500));
            SstWriterOptions options = new()
            {
                BlockSizeBytes = random.Next(64, 1024),
                BlockRestartInterval = random.Next(1, 17),
                Compression = random.Next(2) == 0 ? CompressionType.Lz4 : CompressionType.None,
            };
            byte[] bytes = SstTestData.Write(entries, [], options, out _);
            BlockCache cache = new(8 << 20);
            using SstReader reader = cached ? SstReader.Open(new InMemoryMappedFile(bytes, "000001.sst"), cache, cacheId: 1) : SstTestData.Open(bytes);

            // Stored keys, absent keys between them and repeats, in ascending order, at one snapshot per run.
            List<byte[]> keys = [];
            for (int i = random.Next(1, 300); i > 0; i--)
            {
                keys.Add(random.Next(3) == 0
                    ? SstTestData.RandomBytes(random, 0, 12)
                    : InternalKey.UserKey(entries[random.Next(entries.Count)].Key).ToArray());
            }

            keys.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            ulong snapshot = (ulong)random.Next(1, 55);
            SstReader.AscendingLookup lookup = new(reader, snapshot, useFilter: random.Next(2) == 0);
            try
            {
                foreach (byte[] key in keys)
                {
                    bool expected = reader.TryGet(key, snapshot, out ulong expectedTrailer, out ReadOnlySpan<byte> expectedValue, out BlockLease block);
                    byte[] expectedBytes = expectedValue.ToArray();
                    block.Dispose();
                    bool found = lookup.TryGet(key, out ulong trailer, out ReadOnlySpan<byte> value);
                    Assert.Equal(expected, found);
                    if (found)
                    {
                        Assert.Equal(expectedTrailer, trailer);
                        Assert.Equal(expectedBytes, value.ToArray());
                    }
                }
            }
            finally
            {
                lookup.Dispose();
            }
        });
    }
}
