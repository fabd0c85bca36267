using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Db;

/// <summary>The store on the real file system: written, closed, reopened; tables read through memory mappings.</summary>
[Trait("Category", "Disk")]
public sealed class LsmLocalDiskTests
{
    [Fact]
    public void WriteCloseReopen_ReturnsSameData()
    {
        using TempDirectory dir = new("lsm");
        LsmOptions options = new() { WriteBufferSizeBytes = 64 << 10, L0CompactionTrigger = 3 };
        using (LsmDatabase db = LsmDatabase.Open(dir.Path, options))
        {
            for (int i = 0; i < 20_000; i++)
            {
                db.Put(LsmDatabaseTests.Key(i), LsmDatabaseTests.Key(i * 3));
            }

            db.DeleteRange(LsmDatabaseTests.Key(100), LsmDatabaseTests.Key(200));
            db.Flush();
            for (int i = 20_000; i < 21_000; i++)
            {
                db.Put(LsmDatabaseTests.Key(i), LsmDatabaseTests.Key(i * 3), WriteOptions.Synced);
            }
        }

        using (LsmDatabase db = LsmDatabase.Open(dir.Path, options))
        {
            Assert.Null(db.Get(LsmDatabaseTests.Key(150)));
            for (int i = 0; i < 21_000; i += 7)
            {
                byte[]? expected = i is >= 100 and < 200 ? null : LsmDatabaseTests.Key(i * 3);
                Assert.Equal(expected, db.Get(LsmDatabaseTests.Key(i)));
            }

            using DbIterator it = db.NewIterator();
            int count = 0;
            for (it.First(); it.Valid; it.Next())
            {
                count++;
            }

            Assert.Equal(21_000 - 100, count);
            Assert.True(Directory.GetFiles(dir.Path, "*.sst").Length > 0);
        }
    }

    [Fact]
    public void SecondOpen_OnDisk_FailsWithClearError()
    {
        using TempDirectory dir = new("lsm");
        using LsmDatabase db = LsmDatabase.Open(dir.Path);

        StorageException ex = Assert.Throws<Engine.Api.DatabaseLockedException>(() => LsmDatabase.Open(dir.Path));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        Assert.Contains("already open", ex.Message, StringComparison.Ordinal);
    }
}
