using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>Multipart uploads: parts in any order, re-uploads, validation of the completion list, abort, reopen.</summary>
[Trait("Category", "Unit")]
public sealed class BlobMultipartTests
{
    private readonly MemFileSystem _fs = new();

    [Fact]
    public async Task PartsUploadedOutOfOrder_CompleteInPartNumberOrder()
    {
        // Inline, chunked and file-sized parts; the joined blob is file-sized.
        byte[][] parts = [Bytes(10, 1), Bytes(5000, 2), Bytes(20_000, 3), Bytes(0, 4), Bytes(64, 5)];
        using LocalStore store = Open(_fs);
        Dictionary<string, string> custom = new() { ["k"] = "v" };
        string upload = await store.Blobs.CreateUploadAsync("video/mp4", custom);
        List<(int, string)> etags = [];
        foreach (int i in new[] { 3, 0, 4, 2, 1 })
        {
            string etag = await store.Blobs.UploadPartAsync(upload, (i + 1) * 10, new TrickleStream(parts[i], i));
            Assert.Equal(Sha256Hex(parts[i]), etag);
            etags.Add(((i + 1) * 10, etag.ToUpperInvariant()));
        }

        Assert.Equal(5, RawKeys(store, 0x34).Count);
        Assert.Single(BlobFiles(_fs), f => f.StartsWith("parts/", StringComparison.Ordinal));

        BlobMetadata meta = await store.Blobs.CompleteUploadAsync(upload, etags);
        byte[] joined = [.. parts.SelectMany(p => p)];
        Assert.Equal(joined.Length, meta.Size);
        Assert.Equal(Sha256Hex(joined), meta.Sha256Hex);
        Assert.Equal("video/mp4", meta.ContentType);
        Assert.Equal(custom, meta.Custom);
        Assert.Equal(joined, await ReadBlobAsync(store.Blobs, meta.Id));

        store.Database.Compact();
        BlobStorePropertyTests.AssertNoGarbage(store, _fs, [joined]);
        await Assert.ThrowsAsync<StorageException>(async () => await store.Blobs.CompleteUploadAsync(upload, etags));
    }

    [Fact]
    public async Task AnUploadOlderThanTheExpiry_IsAbortedAtOpen_WithItsParts_AndAYoungerOneStays()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        BlobStoreOptions blobs = Small with { UploadExpiry = TimeSpan.FromDays(2) };
        LocalStoreOptions options = new() { Blobs = blobs, Clock = clock };
        string old;
        string young;
        using (LocalStore store = LocalStore.Open(_fs, StorePath, options))
        {
            old = await store.Blobs.CreateUploadAsync();
            await store.Blobs.UploadPartAsync(old, 1, new MemoryStream(Bytes(20_000, 1)));
            await store.Blobs.UploadPartAsync(old, 2, new MemoryStream(Bytes(5000, 2)));
            clock.Advance(TimeSpan.FromDays(1.5));
            young = await store.Blobs.CreateUploadAsync();
            await store.Blobs.UploadPartAsync(young, 1, new MemoryStream(Bytes(20_000, 3)));
        }

        Assert.Equal(2, BlobFiles(_fs).Count(f => f.StartsWith("parts/", StringComparison.Ordinal)));
        clock.Advance(TimeSpan.FromDays(1));
        using (LocalStore store = LocalStore.Open(_fs, StorePath, options))
        {
            Assert.Equal(1, store.BlobGarbage.ExpiredUploads);
            Assert.False(await store.Blobs.AbortUploadAsync(old));
            Assert.Single(RawKeys(store, 0x33));
            Assert.Single(RawKeys(store, 0x34));
            Assert.Single(BlobFiles(_fs), f => f.StartsWith("parts/", StringComparison.Ordinal));
            string etag = await store.Blobs.UploadPartAsync(young, 2, new MemoryStream(Bytes(10, 4)));
            Assert.Equal(Sha256Hex(Bytes(10, 4)), etag);
        }

        clock.Advance(TimeSpan.FromDays(365));
        using (LocalStore store = LocalStore.Open(_fs, StorePath, options with { Blobs = blobs with { UploadExpiry = null } }))
        {
            Assert.Equal(0, store.BlobGarbage.ExpiredUploads);
            Assert.Single(RawKeys(store, 0x33));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => LocalStore.Open(_fs, StorePath, options with { Blobs = blobs with { UploadExpiry = TimeSpan.Zero } }));
    }

    [Fact]
    public async Task AWrongEtagOrAMissingPart_IsATypedError_AndLeavesTheUploadAsItWas()
    {
        using LocalStore store = Open(_fs);
        string upload = await store.Blobs.CreateUploadAsync();
        string one = await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(5000, 1)));
        string two = await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(Bytes(30_000, 2)));

        UploadPartException wrong = await Assert.ThrowsAsync<UploadPartException>(async () => await store.Blobs.CompleteUploadAsync(upload, [(1, one), (2, one)]));
        Assert.Equal((2, UploadPartProblem.ETagMismatch, StorageErrorCode.InvalidArgument), (wrong.PartNumber, wrong.Problem, wrong.Code));
        UploadPartException missing = await Assert.ThrowsAsync<UploadPartException>(async () => await store.Blobs.CompleteUploadAsync(upload, [(1, one), (3, two)]));
        Assert.Equal((3, UploadPartProblem.Missing), (missing.PartNumber, missing.Problem));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.Blobs.CompleteUploadAsync(upload, [(1, one), (1, one)]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.Blobs.CompleteUploadAsync(upload, []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.Blobs.UploadPartAsync(upload, 0, new MemoryStream()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.Blobs.UploadPartAsync(upload, 10_001, new MemoryStream()));
        Assert.Empty(RawKeys(store, 0x30));

        BlobMetadata meta = await store.Blobs.CompleteUploadAsync(upload, [(2, two), (1, one)]);
        byte[] joined = [.. Bytes(5000, 1), .. Bytes(30_000, 2)];
        Assert.Equal(joined, await ReadBlobAsync(store.Blobs, meta.Id));
    }

    [Fact]
    public async Task AnUnknownUpload_IsNotFound()
    {
        using LocalStore store = Open(_fs);
        StorageException part = await Assert.ThrowsAsync<StorageException>(async () => await store.Blobs.UploadPartAsync("nope", 1, new MemoryStream([1])));
        Assert.Equal(StorageErrorCode.NotFound, part.Code);
        StorageException complete = await Assert.ThrowsAsync<StorageException>(async () => await store.Blobs.CompleteUploadAsync("nope", [(1, "00")]));
        Assert.Equal(StorageErrorCode.NotFound, complete.Code);
        Assert.False(await store.Blobs.AbortUploadAsync("nope"));
    }

    [Fact]
    public async Task ReuploadingAPart_ReplacesIt_AndReleasesTheOldBytes()
    {
        using LocalStore store = Open(_fs);
        string upload = await store.Blobs.CreateUploadAsync();
        await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(30_000, 1)));
        await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(Bytes(9000, 2)));
        Assert.Single(BlobFiles(_fs));
        Assert.Equal(3, RawKeys(store, 0x31).Count);

        // 100 bytes: one chunk; 5000 bytes: two.
        string one = await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(100, 3)));
        string two = await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(Bytes(5000, 4)));
        Assert.Empty(BlobFiles(_fs));
        Assert.Equal(3, RawKeys(store, 0x31).Count);

        BlobMetadata meta = await store.Blobs.CompleteUploadAsync(upload, [(1, one), (2, two)]);
        byte[] joined = [.. Bytes(100, 3), .. Bytes(5000, 4)];
        Assert.Equal(joined, await ReadBlobAsync(store.Blobs, meta.Id));
    }

    [Fact]
    public async Task Abort_RemovesEveryPart_Once()
    {
        using LocalStore store = Open(_fs);
        string upload = await store.Blobs.CreateUploadAsync();
        foreach (int size in new[] { 10, 5000, 40_000 })
        {
            await store.Blobs.UploadPartAsync(upload, (size % 7) + 1, new MemoryStream(Bytes(size, size)));
        }

        Assert.True(await store.Blobs.AbortUploadAsync(upload));
        Assert.False(await store.Blobs.AbortUploadAsync(upload));
        await Assert.ThrowsAsync<StorageException>(async () => await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream([1])));
        store.Database.Compact();
        BlobStorePropertyTests.AssertNoGarbage(store, _fs, []);
    }

    [Fact]
    public async Task AnUploadSurvivesAReopen_AndPartsNotNamedAreDropped()
    {
        string upload;
        string one;
        using (LocalStore store = Open(_fs))
        {
            upload = await store.Blobs.CreateUploadAsync();
            one = await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(20_000, 1)));
            await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(Bytes(20_000, 2)));
        }

        using LocalStore reopened = Open(_fs);
        Assert.Equal(0, reopened.BlobGarbage.Total);
        string three = await reopened.Blobs.UploadPartAsync(upload, 3, new MemoryStream(Bytes(7000, 3)));
        BlobMetadata meta = await reopened.Blobs.CompleteUploadAsync(upload, [(1, one), (3, three)]);
        byte[] joined = [.. Bytes(20_000, 1), .. Bytes(7000, 3)];
        Assert.Equal(joined, await ReadBlobAsync(reopened.Blobs, meta.Id));
        reopened.Database.Compact();
        BlobStorePropertyTests.AssertNoGarbage(reopened, _fs, [joined]);
    }

    [Fact]
    public async Task CompletingIntoContentStoredAlready_SharesIt()
    {
        byte[] data = Bytes(25_000, 8);
        using LocalStore store = Open(_fs);
        BlobMetadata direct = await store.Blobs.PutAsync(new MemoryStream(data));
        string upload = await store.Blobs.CreateUploadAsync();
        string a = await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(data[..12_000]));
        string b = await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(data[12_000..]));
        BlobMetadata joined = await store.Blobs.CompleteUploadAsync(upload, [(1, a), (2, b)]);
        Assert.Equal(direct.Sha256Hex, joined.Sha256Hex);
        Assert.Single(BlobFiles(_fs));
        Assert.True(await store.Blobs.DeleteAsync(direct.Id));
        Assert.Equal(data, await ReadBlobAsync(store.Blobs, joined.Id));
    }
}
