using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;

namespace Engine.Tests.Lsm.Sst;

[Trait("Category", "Unit")]
public sealed class SstReaderTests(ITestOutputHelper output)
{
    [Fact]
    public void Dispose_DisposesTheMapping_Once()
    {
        byte[] bytes = Build(out _);
        InMemoryMappedFile file = new(bytes);
        SstReader reader = SstReader.Open(file);
        Assert.False(file.Disposed);
        reader.Dispose();
        Assert.True(file.Disposed);
        reader.Dispose();
    }

    [Fact]
    public void Open_Failure_DisposesTheMapping()
    {
        byte[] bytes = Build(out _);
        bytes[^1] ^= 1;
        InMemoryMappedFile file = new(bytes);
        Assert.Throws<CorruptionException>(() => SstReader.Open(file));
        Assert.True(file.Disposed);
    }

    [Fact]
    public void Open_NewerFormatVersion_IsFailedPrecondition()
    {
        byte[] bytes = Build(out _);
        SstCorruptionTests.WriteVersion(bytes, Footer.CurrentFormatVersion + 1);
        Engine.Api.UnsupportedFormatVersionException ex = Assert.Throws<Engine.Api.UnsupportedFormatVersionException>(() => SstTestData.Open(bytes));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        Assert.Equal(Footer.CurrentFormatVersion + 1, ex.FoundVersion);
    }

    [Fact]
    public void PathAndSize_ComeFromTheMapping()
    {
        byte[] bytes = Build(out _);
        using SstReader reader = SstTestData.Open(bytes, "dir/000007.sst");
        Assert.Equal("dir/000007.sst", reader.Path);
        Assert.Equal(bytes.Length, reader.FileSize);
    }

    [Fact]
    public void MayContain_EveryStoredKey_AndFewAbsentOnes()
    {
        byte[] bytes = Build(out List<(byte[] Key, byte[] Value)> entries);
        using SstReader reader = SstTestData.Open(bytes);
        Assert.All(entries, e => Assert.True(reader.MayContain(InternalKey.UserKey(e.Key))));
        int maybes = Enumerable.Range(0, 1000).Count(i => reader.MayContain(BitConverter.GetBytes(i + 1_000_000)));
        Assert.InRange(maybes, 0, 50);
        Assert.Equal(0, reader.BloomChecks);
    }

    [Fact]
    public void MayContain_WithoutFilter_IsAlwaysTrue()
    {
        byte[] bytes = SstTestData.Write(
            [(SstTestData.Key("a", 1, KeyKind.Set), [])], [], new SstWriterOptions { BloomBitsPerKey = 0 }, out SstWriteResult result);
        using SstReader reader = SstTestData.Open(bytes);
        Assert.False(reader.HasFilter);
        Assert.Equal(0UL, result.Properties.FilterSize);
        Assert.True(reader.MayContain("zzz"u8));
    }

    [Fact]
    public void TryGet_AfterWarmUp_DoesNotAllocate()
    {
        byte[] bytes = Build(out List<(byte[] Key, byte[] Value)> entries);
        using SstReader reader = SstTestData.Open(bytes);
        byte[][] userKeys = entries.Select(e => InternalKey.UserKey(e.Key).ToArray()).Concat([[0x80, 1, 2], [0xFF]]).ToArray();
        int found = GetAll(reader, userKeys);
        long allocated = Allocations.FewestOfThree(() =>
        {
            for (int round = 0; round < 5; round++)
            {
                found += GetAll(reader, userKeys);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(found > 0);
    }

    [Fact]
    public void IteratorScan_AfterWarmUp_DoesNotAllocate()
    {
        byte[] bytes = Build(out List<(byte[] Key, byte[] Value)> entries);
        using SstReader reader = SstTestData.Open(bytes);
        using SstIterator iterator = reader.NewIterator();
        long sum = Scan(iterator);
        long allocated = Allocations.FewestOfThree(() => sum += Scan(iterator));
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    [Trait("Category", "Randomized")]
    public void ConcurrentReaders_SeeTheSameEntries()
    {
        int seed = TestSeed.Get(output, nameof(ConcurrentReaders_SeeTheSameEntries));
        byte[] bytes = Build(out List<(byte[] Key, byte[] Value)> entries);
        using SstReader reader = SstTestData.Open(bytes);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            Random random = new(seed + worker);
            for (int i = 0; i < 3000; i++)
            {
                (byte[] key, byte[] value) = entries[random.Next(entries.Count)];
                Assert.True(reader.TryGet(InternalKey.UserKey(key), SequenceNumber.SequenceOf(InternalKey.Trailer(key)), out ulong trailer, out ReadOnlySpan<byte> found));
                Assert.Equal(InternalKey.Trailer(key), trailer);
                Assert.True(found.SequenceEqual(value));
            }

            Assert.Equal(entries.Count, SstTestData.ScanForward(reader).Count);
        });
    }

    private static long Scan(SstIterator iterator)
    {
        long sum = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            sum += iterator.Key.Length + iterator.Value.Length;
        }

        for (iterator.Last(); iterator.Valid; iterator.Prev())
        {
            sum += iterator.Key.Length;
        }

        return sum;
    }

    private static int GetAll(SstReader reader, byte[][] userKeys)
    {
        int found = 0;
        foreach (byte[] userKey in userKeys)
        {
            if (reader.TryGet(userKey, SequenceNumber.Max, out _, out ReadOnlySpan<byte> value))
            {
                found += 1 + value.Length;
            }
        }

        return found;
    }

    private static byte[] Build(out List<(byte[] Key, byte[] Value)> entries)
    {
        Random random = new(17);
        entries = BlockIteratorTests.RandomEntries(random, 3000);
        return SstTestData.Write(entries, [], new SstWriterOptions { BlockSizeBytes = 512 }, out _);
    }
}
