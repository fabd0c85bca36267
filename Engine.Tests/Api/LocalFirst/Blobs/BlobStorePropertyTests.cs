using System.Security.Cryptography;
using CsCheck;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>Ranged reads against the source bytes (CsCheck), and a seeded model-based run against a dictionary.</summary>
[Trait("Category", "Randomized")]
public sealed class BlobStorePropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void ARangedRead_ReturnsTheSourceBytesOfThatRange()
    {
        MemFileSystem fs = new();
        using LocalStore store = Open(fs);
        Dictionary<int, (string Id, byte[] Data)> blobs = [];
        Gen<(int Size, int Offset, int Length, int Seek)> gen =
            from size in Gen.OneOf(Gen.Int[0, 200], Gen.Int[0, 20_000], Gen.Int[16_000, 70_000])
            from offset in Gen.Int[0, size]
            from length in Gen.Int[0, size - offset]
            from seek in Gen.Int[0, length]
            select (size, offset, length, seek);
        gen.Sample(output, sample =>
        {
            if (!blobs.TryGetValue(sample.Size, out (string Id, byte[] Data) blob))
            {
                byte[] data = Bytes(sample.Size, sample.Size);
                blob = (store.Blobs.PutAsync(new TrickleStream(data, sample.Size)).AsTask().GetAwaiter().GetResult().Id, data);
                blobs[sample.Size] = blob;
            }

            using Stream stream = store.Blobs.OpenReadAsync(blob.Id, sample.Offset, sample.Length).AsTask().GetAwaiter().GetResult()!;
            byte[] whole = ReadAllAsync(stream).GetAwaiter().GetResult();
            Assert.Equal(blob.Data.AsSpan(sample.Offset, sample.Length).ToArray(), whole);

            // Seek back into the range and read its tail again.
            stream.Position = sample.Seek;
            byte[] tail = ReadAllAsync(stream).GetAwaiter().GetResult();
            Assert.Equal(blob.Data.AsSpan(sample.Offset + sample.Seek, sample.Length - sample.Seek).ToArray(), tail);
        }, iter: 300);
    }

    [Fact]
    public void PutsDeletesReadsUploadsAndReopens_AgreeWithAModel() =>
        TestSeed.Run(output, "blob model", 6, seed => RunModel(seed).GetAwaiter().GetResult());

    private static async Task RunModel(int seed)
    {
        Random random = new(seed);
        MemFileSystem fs = new();
        Dictionary<string, byte[]> model = [];
        byte[][] pool = [.. Enumerable.Range(0, 6).Select(i => Bytes(EdgeSizes[random.Next(EdgeSizes.Length)] + random.Next(3), seed + i))];
        LocalStore store = Open(fs);
        try
        {
            for (int step = 0; step < 150; step++)
            {
                int op = random.Next(100);
                if (op < 40)
                {
                    byte[] data = random.Next(3) == 0 ? Bytes(random.Next(40_000), random.Next()) : pool[random.Next(pool.Length)];
                    BlobMetadata meta = await store.Blobs.PutAsync(new TrickleStream(data, random.Next()));
                    model.Add(meta.Id, data);
                }
                else if (op < 55 && model.Count > 0)
                {
                    string id = model.Keys.ElementAt(random.Next(model.Count));
                    Assert.True(await store.Blobs.DeleteAsync(id));
                    Assert.False(await store.Blobs.DeleteAsync(id));
                    model.Remove(id);
                }
                else if (op < 75 && model.Count > 0)
                {
                    (string id, byte[] data) = model.ElementAt(random.Next(model.Count));
                    int offset = random.Next(data.Length + 1);
                    int length = random.Next(data.Length - offset + 1);
                    Assert.Equal(data.AsSpan(offset, length).ToArray(), await ReadBlobAsync(store.Blobs, id, offset, length));
                }
                else if (op < 85)
                {
                    byte[][] parts = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(2) == 0 ? pool[random.Next(pool.Length)] : Bytes(random.Next(20_000), random.Next()))];
                    string upload = await store.Blobs.CreateUploadAsync();
                    List<(int, string)> etags = [];
                    foreach (int i in Enumerable.Range(0, parts.Length).OrderBy(_ => random.Next()))
                    {
                        etags.Add((i + 1, await store.Blobs.UploadPartAsync(upload, i + 1, new TrickleStream(parts[i], random.Next()))));
                    }

                    BlobMetadata meta = await store.Blobs.CompleteUploadAsync(upload, etags);
                    model.Add(meta.Id, [.. parts.SelectMany(p => p)]);
                }
                else if (op < 92)
                {
                    store.Dispose();
                    store = Open(fs);
                    Assert.Equal(0, store.BlobGarbage.Total);
                }
                else
                {
                    store.Database.Compact();
                }
            }

            foreach ((string id, byte[] data) in model)
            {
                BlobMetadata meta = (await store.Blobs.GetMetadataAsync(id))!;
                Assert.Equal(Sha256Hex(data), meta.Sha256Hex);
                Assert.Equal(data, await ReadBlobAsync(store.Blobs, id));
            }

            AssertNoGarbage(store, fs, model.Values);
        }
        finally
        {
            store.Dispose();
        }
    }

    /// <summary>
    /// The stored state is exactly what the live blobs need: one content record per distinct non-inline content, a blob
    /// file per distinct file-sized content, no staging markers, uploads or part records.
    /// </summary>
    internal static void AssertNoGarbage(LocalStore store, IFileSystem fs, IEnumerable<byte[]> live)
    {
        BlobStoreOptions options = store.Blobs.Options;
        HashSet<string> contents = [.. live.Where(d => d.Length > options.InlineLimitBytes).Select(Sha256Hex)];
        HashSet<string> files = [.. live.Where(d => d.Length > options.FileThresholdBytes).Select(Sha256Hex)];
        Assert.Equal(contents.Count, RawKeys(store, 0x32).Count);
        Assert.Equal(files.Order(), BlobFiles(fs).Select(f => f.Replace("/", "")).Order());
        Assert.Empty(RawKeys(store, 0x33));
        Assert.Empty(RawKeys(store, 0x34));
        Assert.Empty(RawKeys(store, 0x35));
        long chunkBytes = live.Where(d => d.Length > options.InlineLimitBytes && d.Length <= options.FileThresholdBytes)
            .DistinctBy(d => Convert.ToHexString(SHA256.HashData(d))).Sum(d => (d.Length + options.ChunkSizeBytes - 1) / options.ChunkSizeBytes);
        Assert.Equal(chunkBytes, RawKeys(store, 0x31).Count);
    }
}
