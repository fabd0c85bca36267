using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>
/// Crashes before every file operation of a blob put (chunked and file-sized), a multipart completion and a delete, on
/// the crash-simulating file system, keeping only durable state (a machine crash) or everything written (a process
/// crash). The oracle: the store opens; every blob acknowledged before is whole and verified; the blob being written is
/// whole and verified or absent; and after the open's garbage collection the stored state is exactly what the visible
/// blobs need (no staging marker, stray chunk, temporary or unreferenced file).
/// </summary>
[Trait("Category", "Unit")]
public sealed class BlobCrashTests
{
    private readonly MemFileSystem _mem = new();
    private readonly List<(MemFileSystem Machine, MemFileSystem Process)> _crashes = [];

    [Theory]
    [InlineData(10_000)]
    [InlineData(40_000)]
    public async Task ACrashInsideAPut_LeavesTheBlobWholeOrAbsent_AndNoGarbage(int size)
    {
        byte[] kept = Bytes(20_000, 1);
        byte[] written = Bytes(size, 2);
        FaultInjectingFileSystem fs = new(_mem);
        using (LocalStore store = Open(fs, durability: Durability.Synced))
        {
            await store.Blobs.PutAsync(new MemoryStream(kept));
            Capture(fs);
            await store.Blobs.PutAsync(new TrickleStream(written));
            fs.BeforeOperation = null;
        }

        await CheckEveryCrashAsync([kept], [written], expectSome: true);
    }

    [Fact]
    public async Task ACrashInsideAPutOfContentStoredAlready_KeepsTheOtherBlobReadable()
    {
        byte[] data = Bytes(40_000, 3);
        FaultInjectingFileSystem fs = new(_mem);
        using (LocalStore store = Open(fs, durability: Durability.Synced))
        {
            await store.Blobs.PutAsync(new MemoryStream(data));
            Capture(fs);
            await store.Blobs.PutAsync(new TrickleStream(data));
            fs.BeforeOperation = null;
        }

        await CheckEveryCrashAsync([data], [data], expectSome: true);
    }

    [Fact]
    public async Task ACrashInsideAMultipartCompletion_LeavesTheBlobWholeOrAbsent_AndTheUploadCompletable()
    {
        byte[][] parts = [Bytes(9000, 4), Bytes(30_000, 5), Bytes(100, 6)];
        FaultInjectingFileSystem fs = new(_mem);
        string upload;
        List<(int, string)> etags = [];
        using (LocalStore store = Open(fs, durability: Durability.Synced))
        {
            upload = await store.Blobs.CreateUploadAsync();
            for (int i = 0; i < parts.Length; i++)
            {
                etags.Add((i + 1, await store.Blobs.UploadPartAsync(upload, i + 1, new MemoryStream(parts[i]))));
            }

            Capture(fs);
            await store.Blobs.CompleteUploadAsync(upload, etags);
            fs.BeforeOperation = null;
        }

        byte[] joined = [.. parts.SelectMany(p => p)];
        Assert.True(_crashes.Count >= 5, $"only {_crashes.Count} file operations inside the completion");
        foreach (MemFileSystem clone in _crashes.SelectMany(c => new[] { c.Machine, c.Process }))
        {
            using LocalStore store = Open(clone);
            List<byte[]> visible = await ReadEveryBlobAsync(store);
            if (visible.Count == 0)
            {
                // Not committed: the upload is intact and completes now.
                BlobMetadata meta = await store.Blobs.CompleteUploadAsync(upload, etags);
                Assert.Equal(joined, await ReadBlobAsync(store.Blobs, meta.Id));
            }
            else
            {
                Assert.Equal(joined, Assert.Single(visible));
                Assert.False(await store.Blobs.AbortUploadAsync(upload));
            }

            store.Database.Compact();
            BlobStorePropertyTests.AssertNoGarbage(store, clone, [joined]);
        }
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(40_000)]
    public async Task ACrashInsideADelete_LeavesTheBlobWholeOrGone_AndNoGarbage(int size)
    {
        byte[] data = Bytes(size, 7);
        FaultInjectingFileSystem fs = new(_mem);
        using (LocalStore store = Open(fs, durability: Durability.Synced))
        {
            BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(data));
            Capture(fs);
            Assert.True(await store.Blobs.DeleteAsync(meta.Id));
            fs.BeforeOperation = null;
        }

        await CheckEveryCrashAsync([], [data], expectSome: false);
    }

    private void Capture(FaultInjectingFileSystem fs) =>
        fs.BeforeOperation = (_, _) => _crashes.Add((_mem.CrashClone(), _mem.CrashClone(CrashOptions.KeepAll)));

    /// <summary>Every crash clone opens with <paramref name="always"/> visible, plus all or none of <paramref name="maybe"/>.</summary>
    private async Task CheckEveryCrashAsync(byte[][] always, byte[][] maybe, bool expectSome)
    {
        Assert.True(_crashes.Count >= 2, $"only {_crashes.Count} file operations");
        int withMaybe = 0;
        foreach (MemFileSystem clone in _crashes.SelectMany(c => new[] { c.Machine, c.Process }))
        {
            using LocalStore store = Open(clone);
            List<byte[]> visible = await ReadEveryBlobAsync(store);
            string[] got = [.. visible.Select(Sha256Hex).Order()];
            string[] without = [.. always.Select(Sha256Hex).Order()];
            string[] with = [.. always.Concat(maybe).Select(Sha256Hex).Order()];
            Assert.True(got.SequenceEqual(without) || got.SequenceEqual(with), $"{got.Length} blobs visible after a crash");
            withMaybe += got.SequenceEqual(with) && maybe.Length > 0 ? 1 : 0;
            store.Database.Compact();
            BlobStorePropertyTests.AssertNoGarbage(store, clone, visible);
        }

        // The crashes span the commit: some clones have the blob (a put's last operations, a delete's first) and some do not.
        Assert.True(withMaybe > 0 || !expectSome, "no crash kept the committed blob");
        Assert.True(withMaybe < _crashes.Count * 2, "every crash kept the blob");
    }

    /// <summary>Reads every visible blob in full, which checks its SHA-256.</summary>
    private static async Task<List<byte[]>> ReadEveryBlobAsync(LocalStore store)
    {
        List<byte[]> blobs = [];
        await foreach (BlobMetadata meta in store.Blobs.ListAsync())
        {
            byte[] data = await ReadBlobAsync(store.Blobs, meta.Id);
            Assert.Equal(meta.Sha256Hex, Sha256Hex(data));
            blobs.Add(data);
        }

        return blobs;
    }
}
