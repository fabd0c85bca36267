using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Admin;
using Engine.Api.LocalFirst.Blobs;
using Engine.Api.LocalFirst.Blobs.Files;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>
/// <see cref="LocalStore.VerifyAsync"/> covers the blob store: a healthy store with blobs in every layout and an upload
/// in progress reports nothing; a damaged file byte, a missing file, a damaged chunk or part reports a problem naming
/// the blob id (or the upload and part).
/// </summary>
[Trait("Category", "Unit")]
public sealed class BlobStoreCheckTests
{
    private readonly MemFileSystem _fs = new();

    [Fact]
    public async Task AHealthyStore_WithEveryLayoutAndAnOpenUpload_ReportsNoProblem()
    {
        using LocalStore store = Open(_fs);
        foreach (int size in EdgeSizes)
        {
            await store.Blobs.PutAsync(new MemoryStream(Bytes(size, size)));
        }

        await store.Blobs.PutAsync(new MemoryStream(Bytes(30_000, 1)));
        string upload = await store.Blobs.CreateUploadAsync();
        await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(40_000, 2)));
        await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(Bytes(5_000, 3)));

        LocalStoreVerifyReport report = await store.VerifyAsync();
        Assert.True(report.IsHealthy, string.Join('\n', report.Problems));
    }

    [Fact]
    public async Task AFlippedByteInABlobFile_IsReportedWithTheBlobId()
    {
        using LocalStore store = Open(_fs);
        BlobMetadata healthy = await store.Blobs.PutAsync(new MemoryStream(Bytes(30_000, 1)));
        BlobMetadata damaged = await store.Blobs.PutAsync(new MemoryStream(Bytes(30_000, 2)));
        _fs.FlipBit(ContentPath(damaged), (BlobFileFormat.SegmentOffset(3, 4096) + 17) * 8);

        LocalStoreProblem problem = Assert.Single((await store.VerifyAsync()).StoreProblems);
        Assert.Equal(("blobs", damaged.Id), (problem.Check, problem.Subject));
        Assert.Contains(damaged.Id, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(healthy.Id, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingBlobFile_IsReportedWithTheBlobIdAndThePath()
    {
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(Bytes(30_000, 1)));
        _fs.Delete(ContentPath(meta));

        LocalStoreProblem problem = Assert.Single((await store.VerifyAsync()).StoreProblems);
        Assert.Equal(meta.Id, problem.Subject);
        Assert.Contains(ContentPath(meta), problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkRecordWithOtherBytes_FailsTheShaCheck_AndIsReported()
    {
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(Bytes(10_000, 1)));
        byte[] chunk = RawKeys(store, 0x31)[1];
        byte[] stored = store.Database.Get(chunk)!;
        stored[0] ^= 0xFF;
        store.Database.Put(chunk, stored);

        LocalStoreProblem problem = Assert.Single((await store.VerifyAsync()).StoreProblems);
        Assert.Equal(meta.Id, problem.Subject);
        Assert.Contains("SHA-256", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedPartFile_IsReportedWithTheUploadAndPartNumber()
    {
        using LocalStore store = Open(_fs);
        string upload = await store.Blobs.CreateUploadAsync();
        await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(5_000, 1)));
        await store.Blobs.UploadPartAsync(upload, 2, new MemoryStream(Bytes(40_000, 2)));
        string part = Assert.Single(BlobFiles(_fs), f => f.StartsWith("parts/", StringComparison.Ordinal));
        _fs.FlipBit($"{StorePath}/blobs/{part}", (BlobFileFormat.SegmentOffset(1, 4096) + 3) * 8);

        LocalStoreProblem problem = Assert.Single((await store.VerifyAsync()).StoreProblems);
        Assert.Equal($"{upload}/2", problem.Subject);
        Assert.Contains(upload, problem.Message, StringComparison.Ordinal);
    }
}
