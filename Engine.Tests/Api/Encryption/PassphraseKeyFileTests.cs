using Engine.Api;
using Engine.Api.Encryption;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api.Encryption;

[Trait("Category", "Unit")]
public sealed class PassphraseKeyFileTests
{
    // Cheap parameters: the tests check the file, not Argon2's cost.
    private static readonly Argon2Parameters s_fast = new() { MemoryKiB = 256, Iterations = 1, Parallelism = 1 };

    [Fact]
    public void Create_Open_RoundTripsTheDataKey_WrongPassphraseFails()
    {
        using TempDirectory temp = new();
        string path = Path.Combine(temp.Path, "keys.bin");
        PassphraseKeyFile created = PassphraseKeyFile.Create(path, "correct horse", s_fast);
        PassphraseKeyFile opened = PassphraseKeyFile.Open(path, "correct horse");

        Assert.Equal(1u, opened.CurrentKeyId);
        Assert.Equal(KeyOf(created, 1), KeyOf(opened, 1));
        Assert.Equal(s_fast, opened.Parameters);
        Assert.Throws<DecryptionFailedException>(() => PassphraseKeyFile.Open(path, "wrong horse"));
        StorageException exists = Assert.Throws<StorageException>(() => PassphraseKeyFile.Create(path, "x", s_fast));
        Assert.Equal(StorageErrorCode.AlreadyExists, exists.Code);
        Assert.Equal(-1, File.ReadAllBytes(path).AsSpan().IndexOf(KeyOf(created, 1)));
    }

    [Fact]
    public void ChangePassphrase_RewrapsOnly_TheDataKeyStaysTheSame()
    {
        using TempDirectory temp = new();
        string path = Path.Combine(temp.Path, "keys.bin");
        byte[] before = KeyOf(PassphraseKeyFile.Create(path, "old", s_fast), 1);

        PassphraseKeyFile.ChangePassphrase(path, "old", "new");

        Assert.Throws<DecryptionFailedException>(() => PassphraseKeyFile.Open(path, "old"));
        Assert.Equal(before, KeyOf(PassphraseKeyFile.Open(path, "new"), 1));
    }

    [Fact]
    public void AddKey_MakesANewCurrentKey_RemoveKeyForgetsAnOldOne()
    {
        using TempDirectory temp = new();
        string path = Path.Combine(temp.Path, "keys.bin");
        PassphraseKeyFile file = PassphraseKeyFile.Create(path, "pass", s_fast);
        uint added = file.AddKey();

        PassphraseKeyFile reopened = PassphraseKeyFile.Open(path, "pass");
        Assert.Equal(2u, added);
        Assert.Equal(2u, reopened.CurrentKeyId);
        Assert.Equal([1u, 2u], reopened.KeyIds);
        Assert.Throws<ArgumentException>(() => reopened.RemoveKey(2));
        reopened.RemoveKey(1);
        Assert.Equal([2u], PassphraseKeyFile.Open(path, "pass").KeyIds);
    }

    [Fact]
    public void TamperedFile_IsATypedError()
    {
        using TempDirectory temp = new();
        string path = Path.Combine(temp.Path, "keys.bin");
        _ = PassphraseKeyFile.Create(path, "pass", s_fast);
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            Assert.ThrowsAny<StorageException>(() => PassphraseKeyFile.Open(path, "pass"));
            bytes[i] ^= 0x01;
        }
    }

    [Fact]
    public void EncryptedStore_OpensWithAPassphraseKeyFile()
    {
        using TempDirectory temp = new();
        string keyPath = Path.Combine(temp.Path, "keys.bin");
        string store = Path.Combine(temp.Path, "db");
        PassphraseKeyFile keys = PassphraseKeyFile.Create(keyPath, "pass", s_fast);
        using (Database db = Database.Open(store, new DatabaseOptions { Encryption = new EncryptionOptions(keys) }))
        {
            db.Put("secret-key"u8, "secret-value"u8, Durability.Synced);
            db.Flush();
        }

        foreach (string file in Directory.GetFiles(store))
        {
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf("secret-"u8));
        }

        using Database reopened = Database.Open(store, new DatabaseOptions { Encryption = new EncryptionOptions(PassphraseKeyFile.Open(keyPath, "pass")) });
        Assert.Equal("secret-value"u8.ToArray(), reopened.Get("secret-key"u8));
    }

    private static byte[] KeyOf(PassphraseKeyFile provider, uint id)
    {
        byte[] key = new byte[InMemoryKeyProvider.KeySizeBytes];
        Assert.True(provider.TryGetKey(id, key));
        return key;
    }
}
