using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Options;
using Engine.Tests.Lsm.Db;
using LsmMemtable = Engine.Lsm.Memtables.Memtable;
using LsmVersion = Engine.Lsm.Manifest.TreeVersion;

namespace Engine.Tests.Lsm.Memtables;

/// <summary>
/// A memtable's arena is unmanaged memory freed by its last reference: the creator's, and one per read state that lists
/// it. Freed too early, a reader would touch freed memory; never freed, a store would grow by a write buffer per flush.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MemtableLifetimeTests
{
    [Fact]
    public void Release_LastReference_FreesTheArena()
    {
        LsmMemtable memtable = new(4096);
        memtable.Acquire();

        memtable.Release();
        Assert.False(memtable.IsFreed);

        memtable.Release();
        Assert.True(memtable.IsFreed);
    }

    [Fact]
    public void ReadState_KeepsItsMemtablesUntilDisposed()
    {
        LsmMemtable active = new(4096);
        LsmMemtable frozen = new(4096);
        Assert.True(frozen.TryAdd(1, KeyKind.Set, "k"u8, "v"u8));
        ReadState state = new(active, [frozen], LsmVersion.Empty(null));

        // The store lets go of both (a flush, then a close); the state still reads them.
        active.Release();
        frozen.Release();
        Assert.False(active.IsFreed);
        Assert.False(frozen.IsFreed);
        Assert.True(frozen.TryGetLatest("k"u8, 1, out _, out ReadOnlySpan<byte> value));
        Assert.Equal("v"u8.ToArray(), value.ToArray());

        state.Dispose();
        Assert.True(active.IsFreed);
        Assert.True(frozen.IsFreed);
    }

    [Fact]
    public void Iterator_OpenedOverAMemtable_ReadsItAfterFlushesAndCompactions()
    {
        // The iterator pins the read state that lists the memtable; flushing it, writing more, flushing again and
        // compacting must not free the arena under the iterator.
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", new LsmOptions { WriteBufferSizeBytes = 8 << 10, BlockSizeBytes = 512 });
        for (int i = 0; i < 40; i++)
        {
            db.Put(LsmDatabaseTests.Key(i), LsmDatabaseTests.Key(i));
        }

        using DbIterator iterator = db.NewIterator();
        for (int round = 0; round < 5; round++)
        {
            db.Flush();
            for (int i = 0; i < 400; i++)
            {
                db.Put(LsmDatabaseTests.Key(1000 + (round * 400) + i), new byte[64]);
            }
        }

        db.CompactRange(null, null);

        int seen = 0;
        for (iterator.First(); iterator.Valid; iterator.Next())
        {
            Assert.Equal(LsmDatabaseTests.Key(seen), iterator.Key.ToArray());
            Assert.Equal(LsmDatabaseTests.Key(seen), iterator.Value.ToArray());
            seen++;
        }

        Assert.Equal(40, seen);
    }
}
