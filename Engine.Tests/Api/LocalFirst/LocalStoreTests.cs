using System.Buffers.Binary;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api.LocalFirst;

public sealed class LocalStoreTests
{
    [Fact]
    public void OpenCreatesTheLayoutAndReopens()
    {
        using TempDirectory temp = new("local");
        string directory = temp.Combine("store");
        using (LocalStore store = LocalStore.Open(directory))
        {
            Assert.Equal(directory, store.Directory);
        }

        Assert.True(Directory.Exists(Path.Combine(directory, "db")));
        Assert.True(Directory.Exists(Path.Combine(directory, "blobs")));
        using LocalStore reopened = LocalStore.Open(directory);
        Assert.Equal(Durability.Flushed, reopened.Options.Durability);
    }

    [Fact]
    public void ASecondOpenOfTheSameDirectoryFailsWhileTheFirstIsOpen()
    {
        using TempDirectory temp = new("local");
        using LocalStore store = LocalStore.Open(temp.Path);
        StorageException error = Assert.ThrowsAny<StorageException>(() => LocalStore.Open(temp.Path));
        Assert.Equal(StorageErrorCode.FailedPrecondition, error.Code);
    }

    [Fact]
    public void AStoreWrittenByANewerFormatIsRefusedUnchanged()
    {
        MemFileSystem fs = new();
        using (LocalStore store = LocalStore.Open(fs, "/store"))
        {
        }

        byte[] formatKey = [0x01, .. "format"u8];
        byte[] newer = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(newer, 2);
        using (Database database = new(LsmDatabase.Open(fs, "/store/db", new DatabaseOptions().ToLsmOptions())))
        {
            database.Put(formatKey, newer);
        }

        UnsupportedFormatVersionException error = Assert.Throws<UnsupportedFormatVersionException>(() => LocalStore.Open(fs, "/store"));
        Assert.Equal(2, error.FoundVersion);
        Assert.Equal(1, error.SupportedVersion);
        using Database check = new(LsmDatabase.Open(fs, "/store/db", new DatabaseOptions().ToLsmOptions()));
        Assert.Equal(newer, check.Get(formatKey));
    }

    [Fact]
    public void DisposeIsIdempotentAndLaterUseThrows()
    {
        using TempDirectory temp = new("local");
        LocalStore store = LocalStore.Open(temp.Path);
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(store.ThrowIfDisposed);
    }

    [Fact]
    public void InvalidOptionsAreRejectedBeforeAnythingIsWritten()
    {
        using TempDirectory temp = new("local");
        string directory = temp.Combine("store");
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalStore.Open(directory, new LocalStoreOptions { Durability = (Durability)9 }));
        Assert.False(Directory.Exists(directory));
        Assert.Throws<ArgumentException>(() => LocalStore.Open(""));
    }

    [Fact]
    public void KeyLocksExcludeWritersOfTheSameKeyAcrossThreads()
    {
        KeyLocks locks = new();
        byte[][] keys = [.. Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i))];
        int inside = 0;
        int overlaps = 0;
        Parallel.For(0, 400, i =>
        {
            using KeyLocks.Scope scope = (i % 2 == 0) ? locks.AcquireAll(keys) : locks.Acquire(keys[i % keys.Length]);
            if (Interlocked.Increment(ref inside) != 1 && i % 2 == 0)
            {
                Interlocked.Increment(ref overlaps);
            }

            Interlocked.Decrement(ref inside);
        });
        Assert.Equal(0, overlaps);
    }
}
