using Engine.Api;
using Engine.Api.Encryption;
using Engine.Api.LocalFirst;
using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;
using Engine.Tests.Api.Encryption;
using static Engine.Tests.Api.LocalFirst.Blobs.BlobTestKit;

namespace Engine.Tests.Api.LocalFirst.Admin;

/// <summary>
/// Key rotation of a whole local store: with rewriteAll every file, the engine's and the blob files (content and
/// parts), names only the new key afterwards, the old key can be dropped from the provider, and every blob still reads
/// back with its SHA-256 verified. A crash at any file operation of the blob files' rewrite leaves every blob readable
/// under either key.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LocalStoreKeyRotationTests
{
    private static readonly int[] s_sizes = [10, 10_000, 40_000, 100_003];

    [Fact]
    public async Task RotateKeys_WithRewriteAll_LeavesNoDbOrBlobFileUnderTheOldKey_WhichCanThenBeDropped()
    {
        MemFileSystem raw = new();
        InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider(seed: 1, keyId: 1);
        List<(string Id, byte[] Data)> blobs;
        using (LocalStore store = LocalStore.Open(raw, StorePath, Options(keys)))
        {
            blobs = await PutBlobsAsync(store);
            string upload = await store.Blobs.CreateUploadAsync();
            await store.Blobs.UploadPartAsync(upload, 1, new MemoryStream(Bytes(30_000, 5)));
            Assert.All(KeyIds(raw).Where(f => f.Key.Contains("/blobs/", StringComparison.Ordinal)), f => Assert.Equal(1u, f.Value));

            keys.AddKey(2, EncryptedStoreTestKit.Key(2));
            keys.SetCurrent(2);
            await store.RotateKeysAsync(rewriteAll: true);

            Dictionary<string, uint?> ids = KeyIds(raw);
            Assert.Contains(ids, f => f.Key.Contains("/blobs/parts/", StringComparison.Ordinal));
            Assert.True(ids.Count(f => f.Key.Contains("/blobs/", StringComparison.Ordinal)) >= 3, "the blobs made files");
            Assert.All(ids, f => Assert.True(f.Value == 2u, $"{f.Key} names key {f.Value}"));
            await AssertBlobsAsync(store, blobs);
        }

        using LocalStore reopened = LocalStore.Open(raw, StorePath, Options(new InMemoryKeyProvider(2, EncryptedStoreTestKit.Key(2))));
        await AssertBlobsAsync(reopened, blobs);
        Assert.True((await reopened.VerifyAsync()).IsHealthy);
    }

    [Fact]
    public async Task ACrashDuringTheBlobFilesRewrite_LeavesEveryBlobReadableUnderEitherKey()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider(seed: 1, keyId: 1);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        List<(string Id, byte[] Data)> blobs;
        using (LocalStore store = LocalStore.Open(fs, StorePath, Options(keys)))
        {
            blobs = await PutBlobsAsync(store);
            keys.AddKey(2, EncryptedStoreTestKit.Key(2));
            keys.SetCurrent(2);
            fs.BeforeOperation = (_, _) => crashes.Add((mem.CrashClone(), mem.CrashClone(CrashOptions.KeepAll)));
            store.RewriteBlobFiles();
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 6, $"only {crashes.Count} file operations");
        bool sawOld = false, sawNew = false;
        foreach (MemFileSystem clone in crashes.SelectMany(c => new[] { c.Machine, c.Process }))
        {
            InMemoryKeyProvider both = EncryptedStoreTestKit.Provider(seed: 1, keyId: 1);
            both.AddKey(2, EncryptedStoreTestKit.Key(2));
            using LocalStore store = LocalStore.Open(clone, StorePath, Options(both));
            await AssertBlobsAsync(store, blobs);
            foreach (KeyValuePair<string, uint?> file in KeyIds(clone).Where(f => f.Key.Contains("/blobs/", StringComparison.Ordinal)))
            {
                sawOld |= file.Value == 1u;
                sawNew |= file.Value == 2u;
            }
        }

        Assert.True(sawOld && sawNew, "the crashes span the rewrite: some blob files under each key");
    }

    private static LocalStoreOptions Options(IKeyProvider keys) =>
        new() { Encryption = new EncryptionOptions(keys), Blobs = Small, Durability = Durability.Synced };

    private static async Task<List<(string Id, byte[] Data)>> PutBlobsAsync(LocalStore store)
    {
        List<(string Id, byte[] Data)> blobs = [];
        foreach (int size in s_sizes)
        {
            byte[] data = Bytes(size, size);
            blobs.Add(((await store.Blobs.PutAsync(new MemoryStream(data))).Id, data));
        }

        return blobs;
    }

    /// <summary>Reads every blob whole, which checks its SHA-256, and compares the bytes.</summary>
    private static async Task AssertBlobsAsync(LocalStore store, List<(string Id, byte[] Data)> blobs)
    {
        foreach ((string id, byte[] data) in blobs)
        {
            Assert.Equal(data, await ReadBlobAsync(store.Blobs, id));
        }
    }

    /// <summary>The key id in the header of every file of the store but the lock file: db/, its WAL archive, every blob folder.</summary>
    private static Dictionary<string, uint?> KeyIds(MemFileSystem raw)
    {
        string archive = $"{StorePath}/db/archive";
        IEnumerable<string> files = raw.List($"{StorePath}/db").Where(n => n != "LOCK").Select(n => $"{StorePath}/db/{n}")
            .Concat(raw.DirectoryExists(archive) ? raw.List(archive).Select(n => $"{archive}/{n}") : [])
            .Concat(BlobFiles(raw).Select(f => $"{StorePath}/blobs/{f}"));
        return files.ToDictionary(f => f, f => EncryptedFileSystem.ReadKeyId(raw, f));
    }
}
