using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Api.LocalFirst.Blobs.Files;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>Damage to blob files and chunk records is a <see cref="CorruptionException"/>, never wrong bytes handed out as whole.</summary>
[Trait("Category", "Unit")]
public sealed class BlobCorruptionTests
{
    private readonly MemFileSystem _fs = new();

    [Fact]
    public async Task AFlippedByteInABlobFile_FailsTheReadsThatCoverItsSegment_Only()
    {
        byte[] data = Bytes(50_000, 1);
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(data));
        string path = ContentPath(meta);

        // Body byte 10,000 lies in segment 2 (4 KiB segments, each followed by its 4-byte checksum).
        long offset = BlobFileFormat.SegmentOffset(2, 4096) + (10_000 - (2 * 4096));
        Mutate(path, bytes => bytes[offset] ^= 0x40);

        CorruptionException full = await Assert.ThrowsAsync<CorruptionException>(async () => await ReadBlobAsync(store.Blobs, meta.Id));
        Assert.Equal(path, full.FilePath);
        Assert.Equal(BlobFileFormat.SegmentOffset(2, 4096), full.Offset);
        await Assert.ThrowsAsync<CorruptionException>(async () => await ReadBlobAsync(store.Blobs, meta.Id, 9000, 2000));
        Assert.Equal(data[20_000..30_000], await ReadBlobAsync(store.Blobs, meta.Id, 20_000, 10_000));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    [InlineData(-30)]
    public async Task ADamagedHeaderOrFooter_FailsTheOpen(int position)
    {
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(Bytes(30_000, 2)));
        Mutate(ContentPath(meta), bytes => bytes[position >= 0 ? position : bytes.Length + position] ^= 0x01);
        await Assert.ThrowsAsync<CorruptionException>(async () => await store.Blobs.OpenReadAsync(meta.Id));
    }

    [Fact]
    public async Task ATruncatedOrMissingBlobFile_IsCorruption()
    {
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(Bytes(30_000, 2)));
        string path = ContentPath(meta);
        Mutate(path, bytes => Array.Resize(ref bytes, bytes.Length - 100), resize: len => len - 100);
        await Assert.ThrowsAsync<CorruptionException>(async () => await store.Blobs.OpenReadAsync(meta.Id));
        _fs.Delete(path);
        CorruptionException missing = await Assert.ThrowsAsync<CorruptionException>(async () => await store.Blobs.OpenReadAsync(meta.Id));
        Assert.Equal(path, missing.FilePath);
    }

    [Fact]
    public async Task ABlobFileWithOtherContentUnderTheRightHash_FailsTheShaCheckAtTheEnd()
    {
        // Checksums that hold over the wrong bytes: only the SHA-256 of the whole body can tell.
        byte[] data = Bytes(30_000, 3);
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(data));
        byte[] forged = (byte[])data.Clone();
        forged[12_345] ^= 0xFF;
        using (BlobFileWriter writer = new(_fs.Create(ContentPath(meta)), 4096))
        {
            writer.Write(forged);
            writer.Complete(Convert.FromHexString(meta.Sha256Hex));
        }

        Assert.Equal(forged[10_000..20_000], await ReadBlobAsync(store.Blobs, meta.Id, 10_000, 10_000));
        await using Stream stream = (await store.Blobs.OpenReadAsync(meta.Id))!;
        byte[] buffer = new byte[30_000 - 1];
        stream.ReadExactly(buffer);
        CorruptionException error = Assert.Throws<CorruptionException>(() => stream.ReadByte());
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptionException>(() => stream.ReadByte());
    }

    [Fact]
    public async Task AChunkRecordWithOtherBytes_FailsTheShaCheckOfAFullRead()
    {
        byte[] data = Bytes(10_000, 4);
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(data));
        byte[] chunkKey = RawKeys(store, 0x31)[1];
        byte[] chunk = store.Database.Get(chunkKey)!;
        chunk[7] ^= 0x01;
        store.Database.Put(chunkKey, chunk);

        CorruptionException error = await Assert.ThrowsAsync<CorruptionException>(async () => await ReadBlobAsync(store.Blobs, meta.Id));
        Assert.Equal(BlobKeys.Manifest(meta.Id), error.Key);

        store.Database.Put(chunkKey, chunk.AsSpan(0, 100));
        CorruptionException shortChunk = await Assert.ThrowsAsync<CorruptionException>(async () => await ReadBlobAsync(store.Blobs, meta.Id, 5000, 10));
        Assert.Equal(chunkKey, shortChunk.Key);
        store.Database.Delete(chunkKey);
        await Assert.ThrowsAsync<CorruptionException>(async () => await ReadBlobAsync(store.Blobs, meta.Id, 5000, 10));
    }

    [Fact]
    public async Task ADamagedManifest_IsCorruptionNamingItsKey()
    {
        using LocalStore store = Open(_fs);
        BlobMetadata meta = await store.Blobs.PutAsync(new MemoryStream(Bytes(100, 4)));
        byte[] key = BlobKeys.Manifest(meta.Id);
        store.Database.Put(key, [0x93, 0x01, 0x02]);
        CorruptionException error = await Assert.ThrowsAsync<CorruptionException>(async () => await store.Blobs.GetMetadataAsync(meta.Id));
        Assert.Equal(key, error.Key);
    }

    private void Mutate(string path, Action<byte[]> change, Func<int, int>? resize = null)
    {
        byte[] bytes;
        using (IReadableFile file = _fs.OpenRead(path))
        {
            bytes = new byte[file.Length];
            file.Read(0, bytes);
        }

        change(bytes);
        if (resize is not null)
        {
            bytes = bytes[..resize(bytes.Length)];
        }

        using IWritableFile rewrite = _fs.Create(path);
        rewrite.Append(bytes);
        rewrite.Sync();
    }
}
