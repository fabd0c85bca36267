using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>The blob store's contract on a memory file system: round trips at every layout edge, metadata, ranges, seeks, dedup, delete.</summary>
[Trait("Category", "Unit")]
public sealed class BlobStoreTests
{
    private readonly MemFileSystem _fs = new();

    public static TheoryData<int> Sizes() => [.. EdgeSizes];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task PutFromANonSeekableSource_ReadsBackTheSameBytes_BeforeAndAfterReopen(int size)
    {
        byte[] data = Bytes(size, size);
        string id;
        using (LocalStore store = Open(_fs))
        {
            BlobMetadata meta = await store.Blobs.PutAsync(new TrickleStream(data, seed: size), "application/octet-stream");
            id = meta.Id;
            Assert.Equal(size, meta.Size);
            Assert.Equal(Sha256Hex(data), meta.Sha256Hex);
            Assert.Equal(data, await ReadBlobAsync(store.Blobs, id));
        }

        using LocalStore reopened = Open(_fs);
        Assert.Equal(data, await ReadBlobAsync(reopened.Blobs, id));
        reopened.Database.Compact();
        Assert.Equal(data, await ReadBlobAsync(reopened.Blobs, id));
        Assert.Equal(0, reopened.BlobGarbage.Total);
    }

    [Fact]
    public async Task EachLayoutIsChosenBySize()
    {
        using LocalStore store = Open(_fs);
        await store.Blobs.PutAsync(new MemoryStream(Bytes(64, 1)));
        Assert.Empty(RawKeys(store, 0x32));

        await store.Blobs.PutAsync(new MemoryStream(Bytes(16384, 2)));
        Assert.Equal(4, RawKeys(store, 0x31).Count);
        Assert.Single(RawKeys(store, 0x32));
        Assert.Empty(BlobFiles(_fs));

        byte[] large = Bytes(16385, 3);
        await store.Blobs.PutAsync(new MemoryStream(large));
        Assert.Equal(4, RawKeys(store, 0x31).Count);
        string file = Assert.Single(BlobFiles(_fs));
        string hex = Sha256Hex(large);
        Assert.Equal($"{hex[..2]}/{hex[2..]}", file);
        Assert.Empty(RawKeys(store, 0x35));
    }

    [Fact]
    public async Task Metadata_IsKeptAndListed()
    {
        FakeClock clock = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        using LocalStore store = LocalStore.Open(_fs, StorePath, new LocalStoreOptions { Blobs = Small, Clock = clock });
        Dictionary<string, string> custom = new() { ["owner"] = "ada", ["note"] = "ünïcode ✓" };
        BlobMetadata put = await store.Blobs.PutAsync(new MemoryStream(Bytes(5000, 1)), "image/png", custom);
        clock.Now = clock.Now.AddMinutes(1);
        BlobMetadata second = await store.Blobs.PutAsync(new MemoryStream([]));

        BlobMetadata? got = await store.Blobs.GetMetadataAsync(put.Id);
        Assert.NotNull(got);
        Assert.Equal(put with { Custom = got.Custom }, got);
        Assert.Equal(custom, got.Custom);
        Assert.Equal("image/png", got.ContentType);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero), got.CreatedAt);
        Assert.Equal(got.CreatedAt, got.ModifiedAt);
        Assert.Null(await store.Blobs.GetMetadataAsync("missing"));
        Assert.Null(await store.Blobs.OpenReadAsync("missing"));

        List<BlobMetadata> listed = [];
        await foreach (BlobMetadata meta in store.Blobs.ListAsync())
        {
            listed.Add(meta);
        }

        Assert.Equal([put.Id, second.Id], listed.Select(m => m.Id));
        Assert.Equal(Sha256Hex([]), listed[1].Sha256Hex);
    }

    [Fact]
    public async Task BadArguments_AreRejectedBeforeAnythingIsWritten()
    {
        using LocalStore store = Open(_fs);
        BlobStore blobs = store.Blobs;
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await blobs.PutAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(async () => await blobs.PutAsync(new MemoryStream([1]), ""));
        await Assert.ThrowsAsync<ArgumentException>(async () => await blobs.PutAsync(new MemoryStream([1]), custom: new Dictionary<string, string> { [""] = "x" }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await blobs.PutAsync(new MemoryStream([1]), custom: new Dictionary<string, string> { ["k"] = new string('x', 20_000) }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await blobs.OpenReadAsync(""));
        BlobMetadata meta = await blobs.PutAsync(new MemoryStream(Bytes(100, 1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await blobs.OpenReadAsync(meta.Id, -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await blobs.OpenReadAsync(meta.Id, 101));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await blobs.OpenReadAsync(meta.Id, 50, 51));
        Assert.Single(RawKeys(store, 0x30));
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Blobs);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await blobs.PutAsync(new MemoryStream([1])));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(16384)]
    [InlineData(100_003)]
    public async Task RangedReads_ReturnExactlyTheRange(int size)
    {
        byte[] data = Bytes(size, 7);
        using LocalStore store = Open(_fs);
        string id = (await store.Blobs.PutAsync(new TrickleStream(data))).Id;
        foreach ((long offset, long length) in new (long, long)[] { (0, 0), (0, size), (1, size - 1), (size / 2, size / 3), (size - 1, 1), (size, 0), (4095, 2), (4096, 4096) })
        {
            if (offset + length > size)
            {
                continue;
            }

            await using Stream stream = (await store.Blobs.OpenReadAsync(id, offset, length))!;
            Assert.Equal(length, stream.Length);
            Assert.Equal(data.AsSpan((int)offset, (int)length).ToArray(), await ReadAllAsync(stream));
        }

        Assert.Equal(data[(size / 2)..], await ReadBlobAsync(store.Blobs, id, size / 2));
    }

    [Fact]
    public async Task TheStreamSeeks_LikeAFileStream()
    {
        byte[] data = Bytes(20_000, 3);
        using LocalStore store = Open(_fs);
        string id = (await store.Blobs.PutAsync(new MemoryStream(data))).Id;
        await using Stream stream = (await store.Blobs.OpenReadAsync(id, 1000))!;
        Assert.True(stream.CanSeek);
        Assert.True(stream.CanRead);
        Assert.False(stream.CanWrite);
        Assert.Equal(19_000, stream.Length);

        Assert.Equal(5000, stream.Seek(5000, SeekOrigin.Begin));
        Assert.Equal(data[6000], (byte)stream.ReadByte());
        Assert.Equal(5011, stream.Seek(10, SeekOrigin.Current));
        Assert.Equal(data[6011], (byte)stream.ReadByte());
        Assert.Equal(18_990, stream.Seek(-10, SeekOrigin.End));
        byte[] tail = new byte[100];
        Assert.Equal(10, stream.Read(tail));
        Assert.Equal(data[^10..], tail[..10]);
        Assert.Equal(0, stream.Read(tail));
        Assert.Equal(-1, stream.ReadByte());

        stream.Position = 30_000;
        Assert.Equal(0, stream.Read(tail));
        stream.Position = 0;
        Assert.Equal(data[1000], (byte)stream.ReadByte());
        Assert.Throws<IOException>(() => stream.Seek(-1, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        stream.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
    }

    [Fact]
    public async Task IdenticalContent_IsStoredOnce_AndDeletingOneKeepsTheOther()
    {
        foreach (int size in new[] { 10_000, 50_000 })
        {
            MemFileSystem fs = new();
            byte[] data = Bytes(size, size);
            using LocalStore store = Open(fs);
            BlobMetadata first = await store.Blobs.PutAsync(new TrickleStream(data));
            int chunksAfterFirst = RawKeys(store, 0x31).Count;
            int filesAfterFirst = BlobFiles(fs).Count;
            BlobMetadata second = await store.Blobs.PutAsync(new TrickleStream(data, seed: 9), "text/plain");

            Assert.NotEqual(first.Id, second.Id);
            Assert.Equal(first.Sha256Hex, second.Sha256Hex);
            Assert.Equal(chunksAfterFirst, RawKeys(store, 0x31).Count);
            Assert.Equal(filesAfterFirst, BlobFiles(fs).Count);
            Assert.Single(RawKeys(store, 0x32));
            Assert.Empty(RawKeys(store, 0x35));

            Assert.True(await store.Blobs.DeleteAsync(first.Id));
            Assert.Equal(data, await ReadBlobAsync(store.Blobs, second.Id));
            Assert.Single(RawKeys(store, 0x32));
            Assert.True(await store.Blobs.DeleteAsync(second.Id));
            Assert.Empty(RawKeys(store, 0x32));
            Assert.Empty(BlobFiles(fs));
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(10_000)]
    [InlineData(50_000)]
    public async Task Delete_ReturnsTrueOnce_AndReclaimsTheSpace(int size)
    {
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(Bytes(size, 5)));
        store.Database.Flush();

        Assert.True(await store.Blobs.DeleteAsync(meta.Id));
        Assert.False(await store.Blobs.DeleteAsync(meta.Id));
        Assert.Null(await store.Blobs.GetMetadataAsync(meta.Id));
        Assert.Null(await store.Blobs.OpenReadAsync(meta.Id));
        Assert.Empty(BlobFiles(_fs));

        store.Database.Compact();
        foreach (byte keyspace in new byte[] { 0x30, 0x31, 0x32, 0x35 })
        {
            Assert.Empty(RawKeys(store, keyspace));
        }

        // Compaction dropped the chunk bytes themselves: the tables hold far less than the blob was.
        long tableBytes = store.Database.GetMetrics().Levels.Sum(l => l.Bytes);
        Assert.True(tableBytes < Math.Max(size, 4096), $"{tableBytes} bytes of tables left after deleting a {size}-byte blob");
    }

    [Fact]
    public async Task AStreamOpenBeforeADelete_KeepsReadingTheBlob()
    {
        foreach (int size in new[] { 10_000, 50_000 })
        {
            byte[] data = Bytes(size, 11);
            using LocalStore store = Open(new MemFileSystem());
            string id = (await store.Blobs.PutAsync(new MemoryStream(data))).Id;
            await using Stream stream = (await store.Blobs.OpenReadAsync(id))!;
            Assert.True(await store.Blobs.DeleteAsync(id));
            store.Database.Compact();
            Assert.Equal(data, await ReadAllAsync(stream));
        }
    }

    [Fact]
    public async Task AFailingSource_LeavesNothingBehind()
    {
        using LocalStore store = Open(_fs);
        foreach (int failAt in new[] { 10, 5000, 30_000 })
        {
            await Assert.ThrowsAsync<IOException>(async () => await store.Blobs.PutAsync(new FailingStream(Bytes(40_000, 1), failAt)));
        }

        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.Blobs.PutAsync(new MemoryStream(Bytes(40_000, 1)), cancellationToken: cancelled.Token));

        Assert.Empty(RawKeys(store, 0x30));
        Assert.Empty(RawKeys(store, 0x31));
        Assert.Empty(RawKeys(store, 0x35));
        Assert.Empty(BlobFiles(_fs));
    }

    [Fact]
    public async Task ConcurrentPutsAndDeletesOfTheSameContent_KeepTheCountRight()
    {
        byte[] data = Bytes(30_000, 2);
        using LocalStore store = Open(_fs);
        BlobMetadata[] puts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () => await store.Blobs.PutAsync(new TrickleStream(data, seed: i)))));
        Assert.Single(BlobFiles(_fs));
        bool[] deleted = await Task.WhenAll(puts.Take(7).Select(p => Task.Run(async () => await store.Blobs.DeleteAsync(p.Id))));
        Assert.All(deleted, Assert.True);
        Assert.Equal(data, await ReadBlobAsync(store.Blobs, puts[7].Id));
        Assert.True(await store.Blobs.DeleteAsync(puts[7].Id));
        Assert.Empty(BlobFiles(_fs));
        Assert.Empty(RawKeys(store, 0x32));
    }

    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
