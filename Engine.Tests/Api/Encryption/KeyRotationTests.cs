using Engine.Api;
using Engine.Api.Encryption;
using Engine.Core.Storage;

namespace Engine.Tests.Api.Encryption;

[Trait("Category", "Unit")]
public sealed class KeyRotationTests
{
    private const string Dir = EncryptedStoreTestKit.Root;

    [Fact]
    public void RotateKeys_WithoutRewriteAll_MovesSmallFiles_TablesFollowOnCompaction()
    {
        MemFileSystem raw = new();
        InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider(seed: 1, keyId: 1);
        using Database db = Database.OpenOn(raw, Dir, EncryptedStoreTestKit.Options(keys));
        Fill(db, 0, 400);
        db.Flush();

        keys.AddKey(2, EncryptedStoreTestKit.Key(2));
        keys.SetCurrent(2);
        db.RotateKeys(rewriteAll: false);

        Dictionary<string, uint?> ids = EncryptedStoreTestKit.KeyIds(raw, Dir);
        Assert.All(ids.Where(f => !f.Key.EndsWith(".sst", StringComparison.Ordinal)), f => Assert.Equal(2u, f.Value));
        Assert.Contains(ids, f => f.Key.EndsWith(".sst", StringComparison.Ordinal) && f.Value == 1u);
        Check(db, 0, 400);
    }

    [Fact]
    public async Task RotateKeys_WithRewriteAll_LeavesNoFileUnderTheOldKey_WhichCanThenBeForgotten()
    {
        MemFileSystem raw = new();
        InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider(seed: 1, keyId: 1);
        DatabaseOptions options = EncryptedStoreTestKit.Options(keys);
        using (Database db = Database.OpenOn(raw, Dir, options))
        {
            Fill(db, 0, 500);
            db.Flush();
            Fill(db, 500, 600);

            keys.AddKey(2, EncryptedStoreTestKit.Key(2));
            keys.SetCurrent(2);
            await db.RotateKeysAsync(rewriteAll: true);

            Dictionary<string, uint?> ids = EncryptedStoreTestKit.KeyIds(raw, Dir);
            Assert.Contains(ids, f => f.Key.EndsWith(".sst", StringComparison.Ordinal));
            Assert.All(ids, f => Assert.True(f.Value == 2u, $"{f.Key} names key {f.Value}"));
            Check(db, 0, 600);
            Fill(db, 600, 650);
        }

        // The old key is gone from the provider, and the store still opens and reads everything.
        InMemoryKeyProvider onlyNew = new(2, EncryptedStoreTestKit.Key(2));
        using Database reopened = Database.OpenOn(raw, Dir, EncryptedStoreTestKit.Options(onlyNew));
        Check(reopened, 0, 650);
    }

    [Fact]
    public void Crash_DuringRotation_KeepsSyncedWrites_UnderEitherKey()
    {
        for (int seed = 0; seed < 6; seed++)
        {
            MemFileSystem raw = new();
            InMemoryKeyProvider keys = EncryptedStoreTestKit.Provider(seed: 1, keyId: 1);
            DatabaseOptions options = EncryptedStoreTestKit.Options(keys);
            Database db = Database.OpenOn(raw, Dir, options);
            Fill(db, 0, 300, Durability.Synced);
            keys.AddKey(2, EncryptedStoreTestKit.Key(2));
            keys.SetCurrent(2);
            db.RotateKeys(rewriteAll: seed % 2 == 0);
            Fill(db, 300, 320, Durability.Synced);
            MemFileSystem crashed = raw.CrashClone(CrashOptions.Random(seed) with { TearLastWrite = true });
            db.Dispose();

            using Database reopened = Database.OpenOn(crashed, Dir, options);
            Check(reopened, 0, 320);
        }
    }

    private static void Fill(Database db, int from, int to, Durability durability = Durability.Flushed)
    {
        for (int i = from; i < to; i++)
        {
            db.Put(EncryptedStoreTestKit.KeyOf(i), EncryptedStoreTestKit.ValueOf(i), durability);
        }
    }

    private static void Check(Database db, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            Assert.Equal(EncryptedStoreTestKit.ValueOf(i), db.Get(EncryptedStoreTestKit.KeyOf(i)));
        }
    }
}
