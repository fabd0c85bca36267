using Engine.Api;
using Engine.Api.Encryption;
using Engine.Api.LocalFirst;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Encryption;

[Trait("Category", "Unit")]
public sealed class EncryptedDatabaseTests(ITestOutputHelper output)
{
    private const string Dir = EncryptedStoreTestKit.Root;

    [Fact]
    public void EncryptedLocalStore_HoldsNoPlaintext_InAnyFile_AfterFlushCompactionAndBlobFiles()
    {
        MemFileSystem raw = new();
        InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider();
        LocalStoreOptions options = new() { Encryption = new EncryptionOptions(keys), Database = EncryptedStoreTestKit.Options(null) };
        using (LocalStore store = LocalStore.Open(raw, Dir, options))
        {
            for (int i = 0; i < 600; i++)
            {
                store.Database.Put(EncryptedStoreTestKit.KeyOf(i), EncryptedStoreTestKit.ValueOf(i));
            }

            store.Database.Flush();
            store.Database.Compact();
            for (int i = 600; i < 700; i++)
            {
                store.Database.Put(EncryptedStoreTestKit.KeyOf(i), EncryptedStoreTestKit.ValueOf(i), Durability.Synced);
            }

            // A blob-like file beside the engine's, written through the store's file system.
            using IWritableFile blob = store.FileSystem.Create(Path.Combine(store.BlobDirectory, "blob-000001.tmp"));
            blob.Append("plaintext-value-blob-content-that-must-not-leak"u8);
            blob.Sync();
        }

        List<string> files = [.. EncryptedStoreTestKit.Files(raw, Dir)];
        Assert.Contains(files, f => f.EndsWith(".sst", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".log", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("MANIFEST", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        foreach (string file in files)
        {
            byte[] bytes = raw.ReadAllBytes(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("secret-key-"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("plaintext-value-"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("MANIFEST"u8));
            if (Path.GetFileName(file) != "LOCK")
            {
                Assert.True(Engine.Core.Storage.Encryption.EncryptedFileSystem.HasEncryptedHeader(raw, file), $"{file} has no encrypted header");
            }
        }

        using LocalStore reopened = LocalStore.Open(raw, Dir, options);
        for (int i = 0; i < 700; i += 7)
        {
            Assert.Equal(EncryptedStoreTestKit.ValueOf(i), reopened.Database.Get(EncryptedStoreTestKit.KeyOf(i)));
        }
    }

    [Fact]
    public void Open_WithWrongKey_ThrowsDecryptionFailed()
    {
        MemFileSystem raw = new();
        using (Database db = Database.OpenOn(raw, Dir, EncryptedStoreTestKit.Options(EncryptedStoreTestKit.Provider(seed: 1))))
        {
            db.Put("k"u8, "v"u8);
        }

        Assert.Throws<DecryptionFailedException>(() => Database.OpenOn(raw, Dir, EncryptedStoreTestKit.Options(EncryptedStoreTestKit.Provider(seed: 2))).Dispose());
    }

    [Fact]
    public void EncryptedStore_WithoutKey_AndPlainStore_WithKey_AreRefused()
    {
        MemFileSystem raw = new();
        using (Database db = Database.OpenOn(raw, "/enc", EncryptedStoreTestKit.Options(EncryptedStoreTestKit.Provider())))
        {
            db.Put("k"u8, "v"u8);
        }

        using (Database db = Database.OpenOn(raw, "/plain", EncryptedStoreTestKit.Options(null)))
        {
            db.Put("k"u8, "v"u8);
        }

        StorageException noKey = Assert.Throws<StorageException>(() => Database.OpenOn(raw, "/enc", EncryptedStoreTestKit.Options(null)).Dispose());
        Assert.Equal(StorageErrorCode.FailedPrecondition, noKey.Code);
        Assert.Contains("encrypted", noKey.Message, StringComparison.Ordinal);
        StorageException withKey = Assert.Throws<StorageException>(() => Database.OpenOn(raw, "/plain", EncryptedStoreTestKit.Options(EncryptedStoreTestKit.Provider())).Dispose());
        Assert.Equal(StorageErrorCode.FailedPrecondition, withKey.Code);
        Assert.Contains("not encrypted", withKey.Message, StringComparison.Ordinal);

        // An empty directory takes encryption.
        using Database fresh = Database.OpenOn(raw, "/fresh", EncryptedStoreTestKit.Options(EncryptedStoreTestKit.Provider()));
        fresh.Put("a"u8, "b"u8);
    }

    [Fact]
    public void FlippedBit_InEveryFileKind_IsATypedError_NeverWrongData()
    {
        MemFileSystem raw = new();
        InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider();
        DatabaseOptions options = EncryptedStoreTestKit.Options(keys);
        Dictionary<string, byte[]> expected = [];
        using (Database db = Database.OpenOn(raw, Dir, options))
        {
            for (int i = 0; i < 150; i++)
            {
                db.Put(EncryptedStoreTestKit.KeyOf(i), EncryptedStoreTestKit.ValueOf(i), Durability.Synced);
                expected[Convert.ToHexString(EncryptedStoreTestKit.KeyOf(i))] = EncryptedStoreTestKit.ValueOf(i);
                if (i == 100)
                {
                    db.Flush();
                }
            }
        }

        int seed = TestSeed.Get(output, nameof(FlippedBit_InEveryFileKind_IsATypedError_NeverWrongData));
        Random random = new(seed);
        int detected = 0;
        int tried = 0;
        foreach (string file in EncryptedStoreTestKit.Files(raw, Dir).Where(f => Path.GetFileName(f) != "LOCK").ToList())
        {
            long length = raw.GetLength(file);
            for (int n = 0; n < 40; n++)
            {
                long bit = random.NextInt64(length * 8);
                MemFileSystem damaged = raw.CrashClone(CrashOptions.KeepAll);
                damaged.FlipBit(file, bit);
                tried++;
                try
                {
                    using Database db = Database.OpenOn(damaged, Dir, options);
                    foreach ((byte[] key, byte[] value) in db.Scan(KeyRange.All))
                    {
                        // A damaged byte may cost a torn tail of unsynced bytes, never a wrong value or an invented key.
                        Assert.True(expected.TryGetValue(Convert.ToHexString(key), out byte[]? want), $"{file} bit {bit}: an unknown key");
                        Assert.Equal(want, value);
                    }
                }
                catch (StorageException ex)
                {
                    output.WriteLine($"{Path.GetFileName(file)} bit {bit}: {ex.Code}");
                    detected++;
                }
            }
        }

        output.WriteLine($"{detected} of {tried} flips raised a typed error");
        Assert.True(detected > tried / 2, $"only {detected} of {tried} flips were detected");
    }

    [Fact]
    public void Crash_UnderEncryption_KeepsEverySyncedWrite()
    {
        TestSeed.Run(output, nameof(Crash_UnderEncryption_KeepsEverySyncedWrite), 12, seed =>
        {
            MemFileSystem raw = new();
            InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider();
            DatabaseOptions options = EncryptedStoreTestKit.Options(keys);
            Random random = new(seed);
            Dictionary<int, byte[]> synced = [];
            Database db = Database.OpenOn(raw, Dir, options);
            for (int i = 0; i < 400; i++)
            {
                int k = random.Next(200);
                byte[] value = EncryptedStoreTestKit.ValueOf(k, i);
                bool sync = random.Next(3) == 0;
                db.Put(EncryptedStoreTestKit.KeyOf(k), value, sync ? Durability.Synced : Durability.Flushed);
                if (sync)
                {
                    synced[k] = value;
                }
                else
                {
                    synced.Remove(k);
                }

                if (random.Next(100) == 0)
                {
                    db.Flush();
                }
            }

            MemFileSystem crashed = raw.CrashClone(CrashOptions.Random(seed) with { TearLastWrite = true });
            db.Dispose();
            using Database reopened = Database.OpenOn(crashed, Dir, options);
            foreach ((int k, byte[] value) in synced)
            {
                // The last synced write of a key survives unless a later unsynced one replaced it (then removed above).
                Assert.Equal(value, reopened.Get(EncryptedStoreTestKit.KeyOf(k)));
            }
        });
    }
}
