using System.Buffers.Binary;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Admin;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.Admin;

/// <summary>
/// Checkpoint, restore, verify and salvage of a <see cref="LocalStore"/>: a checkpoint taken under concurrent writers
/// restores to a store that passes its check and holds, per writer, a prefix of its batches, each whole; blob files
/// travel with it; restore and checkpoint refuse a non-empty target; the typed stores' checks reach the report.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LocalStoreBackupTests(ITestOutputHelper output)
{
    private const int KeysPerBatch = 20;

    [Fact]
    [Trait("Category", "Randomized")]
    public async Task Checkpoint_UnderConcurrentWriters_RestoresAPrefixOfWholeBatches_AndPassesVerify()
    {
        int seed = TestSeed.Get(output, nameof(Checkpoint_UnderConcurrentWriters_RestoresAPrefixOfWholeBatches_AndPassesVerify));
        MemFileSystem fs = new();
        using LocalStore store = LocalStore.Open(fs, "/store", Small());
        fs.WriteAllBytes("/store/blobs/0a1b2c", "blob bytes"u8, sync: true);
        fs.WriteAllBytes("/store/blobs/0a1b2d.tmp", "half written"u8, sync: true);

        int[] acknowledgedBeforeCheckpoint = new int[3];
        int[] committed = new int[3];
        using CancellationTokenSource stop = new();
        Task[] writers = [.. Enumerable.Range(0, 3).Select(w => Task.Run(() =>
        {
            Random random = new(seed + w);
            for (int batch = 0; !stop.IsCancellationRequested && batch < 5000; batch++)
            {
                using WriteBatch write = new();
                for (int k = 0; k < KeysPerBatch; k++)
                {
                    write.Put(Key(w, random.Next(50)), Value(w, batch));
                }

                // A batch marker: the writer's batch count, so a restored store says which batches it holds.
                write.Put(Marker(w), BitConverter.GetBytes(batch + 1));
                store.Database.Write(write);
                Volatile.Write(ref committed[w], batch + 1);
            }
        }))];

        while (Enumerable.Range(0, 3).Any(w => Volatile.Read(ref committed[w]) < 20))
        {
            await Task.Yield();
        }

        for (int w = 0; w < 3; w++)
        {
            acknowledgedBeforeCheckpoint[w] = Volatile.Read(ref committed[w]);
        }

        store.Checkpoint("/checkpoint");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        LocalStore.Restore(fs, "/checkpoint", "/restored", Small());
        using LocalStore restored = LocalStore.Open(fs, "/restored", Small());
        LocalStoreVerifyReport report = await restored.VerifyAsync();
        Assert.True(report.IsHealthy, string.Join("; ", report.Problems));
        Assert.Equal("blob bytes"u8.ToArray(), fs.ReadAllBytes("/restored/blobs/0a1b2c"));
        Assert.False(fs.Exists("/restored/blobs/0a1b2d.tmp"));
        for (int w = 0; w < 3; w++)
        {
            int batches = BitConverter.ToInt32(restored.Database.Get(Marker(w))!);
            Assert.True(batches >= acknowledgedBeforeCheckpoint[w], $"writer {w}: {batches} batches restored, {acknowledgedBeforeCheckpoint[w]} acknowledged before the checkpoint");

            // The writer's keys are exactly what its first `batches` batches left: replaying its random choices says so.
            Dictionary<string, byte[]> expected = Replay(seed + w, w, batches);
            Dictionary<string, byte[]> actual = restored.Database.Scan(KeyRange.Prefix(Prefix(w)))
                .ToDictionary(kv => Convert.ToHexString(kv.Key), kv => kv.Value);
            Assert.Equal(expected.Count, actual.Count);
            foreach ((string key, byte[] value) in expected)
            {
                Assert.True(actual.TryGetValue(key, out byte[]? found) && found.AsSpan().SequenceEqual(value), $"writer {w}: key {key} differs after {batches} batches");
            }
        }
    }

    private static Dictionary<string, byte[]> Replay(int seed, int writer, int batches)
    {
        Random random = new(seed);
        Dictionary<string, byte[]> state = [];
        for (int batch = 0; batch < batches; batch++)
        {
            for (int k = 0; k < KeysPerBatch; k++)
            {
                state[Convert.ToHexString(Key(writer, random.Next(50)))] = Value(writer, batch);
            }
        }

        return state;
    }

    [Fact]
    public async Task Restore_RefusesANonEmptyTarget_AndADirectoryWithoutCheckpoint()
    {
        MemFileSystem fs = new();
        using (LocalStore store = LocalStore.Open(fs, "/store", Small()))
        {
            store.Database.Put("k"u8, "v"u8);
            store.Checkpoint("/checkpoint");
            StorageException again = Assert.Throws<StorageException>(() => store.Checkpoint("/checkpoint"));
            Assert.Equal(StorageErrorCode.AlreadyExists, again.Code);
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.CheckpointAsync(""));
        }

        fs.CreateDirectory("/busy");
        fs.WriteAllBytes("/busy/file", "x"u8, sync: true);
        StorageException busy = Assert.Throws<StorageException>(() => LocalStore.Restore(fs, "/checkpoint", "/busy", null));
        Assert.Equal(StorageErrorCode.AlreadyExists, busy.Code);
        StorageException none = Assert.Throws<StorageException>(() => LocalStore.Restore(fs, "/busy", "/target", null));
        Assert.Equal(StorageErrorCode.NotFound, none.Code);
    }

    [Fact]
    public async Task CheckpointAsync_AndRestoreAsync_OnDisk_RoundTrip()
    {
        using TempDirectory temp = new("backup");
        using (LocalStore store = LocalStore.Open(temp.Combine("store")))
        {
            store.Database.Put("k"u8, "v"u8);
            await File.WriteAllTextAsync(Path.Combine(temp.Combine("store"), "blobs", "abcdef"), "blob");
            await store.CheckpointAsync(temp.Combine("checkpoint"));
        }

        await LocalStore.RestoreAsync(temp.Combine("checkpoint"), temp.Combine("restored"));
        using LocalStore restored = LocalStore.Open(temp.Combine("restored"));
        Assert.Equal("v"u8.ToArray(), restored.Database.Get("k"u8));
        Assert.Equal("blob", await File.ReadAllTextAsync(Path.Combine(temp.Combine("restored"), "blobs", "abcdef")));
    }

    [Fact]
    public async Task Verify_ReportsTheTypedStoresChecks_AndEngineDamage()
    {
        MemFileSystem fs = new();
        using LocalStore store = LocalStore.Open(fs, "/store", Small());
        for (int i = 0; i < 500; i++)
        {
            store.Database.Put(Key(0, i), new byte[64]);
        }

        store.Database.Flush();
        LocalStoreVerifyReport healthy = await store.VerifyAsync();
        Assert.True(healthy.IsHealthy);
        Assert.True(healthy.Engine.BlocksChecked > 1);
        Assert.True(healthy.Engine.WalsChecked >= 1);

        store.AddCheck(new FailingCheck());
        string table = "/store/db/" + fs.List("/store/db").First(n => n.EndsWith(".sst", StringComparison.Ordinal));
        fs.FlipBit(table, 100 * 8);
        LocalStoreVerifyReport damaged = await store.VerifyAsync();
        Assert.False(damaged.IsHealthy);
        Assert.Contains(damaged.Engine.Problems, p => p.Kind == VerifyProblemKind.Corruption && p.FilePath == table);
        Assert.Contains(damaged.StoreProblems, p => p.Check == "failing" && p.Subject == "blob 42");
        Assert.Contains(damaged.Problems, line => line.Contains("failing", StringComparison.Ordinal));
    }

    [Fact]
    public void Salvage_CopiesTheKeysAndTheBlobFiles_IntoAStoreThatOpens()
    {
        MemFileSystem fs = new();
        using (LocalStore store = LocalStore.Open(fs, "/store", Small()))
        {
            for (int i = 0; i < 100; i++)
            {
                store.Database.Put(Key(1, i), Value(1, i));
            }

            fs.WriteAllBytes("/store/blobs/feed", "blob"u8, sync: true);
        }

        LocalStoreSalvageReport report = LocalStore.Salvage(fs, "/store", "/salvaged", Small());

        Assert.True(report.IsComplete);
        Assert.Equal(1, report.BlobFilesCopied);
        using LocalStore salvaged = LocalStore.Open(fs, "/salvaged", Small());
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(Value(1, i), salvaged.Database.Get(Key(1, i)));
        }

        Assert.Equal("blob"u8.ToArray(), fs.ReadAllBytes("/salvaged/blobs/feed"));
    }

    private static LocalStoreOptions Small() => new() { Database = new DatabaseOptions { WriteBufferSizeBytes = 64 << 10, BlockSizeBytes = 1024 } };

    // Raw engine keys under bytes no typed store uses, so no store's compaction filter or open-time cleanup reads them.
    private static byte[] Prefix(int writer) => [0x7E, (byte)writer];

    private static byte[] Key(int writer, int i) => [0x7E, (byte)writer, (byte)(i >> 8), (byte)i];

    private static byte[] Marker(int writer) => [0x7F, (byte)writer];

    private static byte[] Value(int writer, int batch)
    {
        byte[] value = new byte[40];
        value[0] = (byte)writer;
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(1), batch);
        return value;
    }

    private sealed class FailingCheck : ILocalStoreCheck
    {
        public string Name => "failing";

        public void Check(LocalStore store, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken) =>
            problems.Add(new LocalStoreProblem(Name, "blob 42", "the content hash differs"));
    }

    [Fact]
    public async Task Checkpoint_CarriesBlobFilesInTheirFolders_AndADeleteAfterItLeavesTheCopyWhole()
    {
        MemFileSystem fs = new();
        LocalStoreOptions options = Small() with { Blobs = new Engine.Api.LocalFirst.Blobs.BlobStoreOptions { FileThresholdBytes = 1 << 20 } };
        byte[] content = new byte[3 << 20];
        new Random(7).NextBytes(content);
        using LocalStore store = LocalStore.Open(fs, "/store", options);
        Engine.Api.LocalFirst.Blobs.BlobMetadata put = await store.Blobs.PutAsync(new MemoryStream(content));
        Assert.Contains(BlobFiles.List(fs, "/store/blobs"), name => name.Contains('/', StringComparison.Ordinal));

        store.Checkpoint("/copy");
        Assert.True(await store.Blobs.DeleteAsync(put.Id));
        LocalStore.Restore(fs, "/copy", "/restored", options);

        using LocalStore restored = LocalStore.Open(fs, "/restored", options);
        using Stream? read = await restored.Blobs.OpenReadAsync(put.Id);
        Assert.NotNull(read);
        using MemoryStream copy = new();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }
}
