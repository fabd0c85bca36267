using Engine.Api;
using Engine.Core.Buffers;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>.NET error conventions at the public edge: argument exceptions, disposed objects, foreign snapshots.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseConventionTests : IDisposable
{
    private readonly TempDirectory _dir = new("api-conventions");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DisposedDatabase_EveryCall_ThrowsObjectDisposed()
    {
        Database db = Database.Open(Path.Combine(_dir.Path, "db"));
        using WriteBatch batch = new();
        db.Dispose();
        db.Dispose();
        byte[] buffer = new byte[8];
        using PooledBufferWriter writer = new();

        Action[] calls =
        [
            () => db.Put("k"u8, "v"u8),
            () => db.Delete("k"u8),
            () => db.DeleteRange("a"u8, "b"u8),
            () => db.Write(batch),
            () => db.Get("k"u8),
            () => db.TryGet("k"u8, writer),
            () => db.TryGet("k"u8, buffer, out _),
            () => db.MultiGet(["k"u8.ToArray()]),
            () => db.NewIterator(),
            () => db.Scan(),
            () => db.GetSnapshot(),
            () => db.Flush(),
            () => db.FlushAsync(),
            () => db.Compact(),
            () => db.CompactAsync(),
            () => db.Checkpoint(Path.Combine(_dir.Path, "copy")),
            () => db.CheckpointAsync(Path.Combine(_dir.Path, "copy")),
            () => db.Verify(),
            () => db.GetMetrics(),
            () => db.Ingest(ListEntrySource.Of(("a", "1"))),
        ];
        for (int i = 0; i < calls.Length; i++)
        {
            Assert.True(Record.Exception(calls[i]) is ObjectDisposedException, $"call {i}");
        }
    }

    [Fact]
    public void DisposedSnapshot_ReadsThroughIt_ThrowObjectDisposed()
    {
        using Database db = Database.Open(_dir.Path);
        db.Put("k"u8, "v"u8);
        Snapshot snapshot = db.GetSnapshot();
        snapshot.Dispose();
        snapshot.Dispose();
        byte[] buffer = new byte[8];
        using PooledBufferWriter writer = new();

        Assert.Throws<ObjectDisposedException>(() => snapshot.Sequence);
        Assert.Throws<ObjectDisposedException>(() => db.Get("k"u8, snapshot));
        Assert.Throws<ObjectDisposedException>(() => db.TryGet("k"u8, writer, snapshot));
        Assert.Throws<ObjectDisposedException>(() => db.TryGet("k"u8, buffer, out _, snapshot));
        Assert.Throws<ObjectDisposedException>(() => db.MultiGet(["k"u8.ToArray()], snapshot));
        Assert.Throws<ObjectDisposedException>(() => db.NewIterator(new ReadOptions { Snapshot = snapshot }));
        Assert.Throws<ObjectDisposedException>(() => db.Scan(snapshot: snapshot));
    }

    [Fact]
    public void DisposedIterator_EveryMember_ThrowsObjectDisposed()
    {
        using Database db = Database.Open(_dir.Path);
        db.Put("k"u8, "v"u8);
        DatabaseIterator it = db.NewIterator();
        it.First();
        Assert.True(it.Valid);
        it.Dispose();
        it.Dispose();

        Assert.Throws<ObjectDisposedException>(() => it.Valid);
        Assert.Throws<ObjectDisposedException>(() => it.Key.Length);
        Assert.Throws<ObjectDisposedException>(() => it.Value.Length);
        Assert.Throws<ObjectDisposedException>(it.First);
        Assert.Throws<ObjectDisposedException>(it.Last);
        Assert.Throws<ObjectDisposedException>(it.Next);
        Assert.Throws<ObjectDisposedException>(it.Prev);
        Assert.Throws<ObjectDisposedException>(() => it.SeekGE("k"u8));
        Assert.Throws<ObjectDisposedException>(() => it.SeekLT("k"u8));
        Assert.Equal(0, db.GetMetrics().LiveIterators);
    }

    [Fact]
    public void UnpositionedIterator_KeyValueAndMoves_ThrowInvalidOperation()
    {
        using Database db = Database.Open(_dir.Path);
        using DatabaseIterator it = db.NewIterator();
        it.First();

        Assert.False(it.Valid);
        Assert.Throws<InvalidOperationException>(() => it.Key.Length);
        Assert.Throws<InvalidOperationException>(() => it.Value.Length);
        Assert.Throws<InvalidOperationException>(it.Next);
        Assert.Throws<InvalidOperationException>(it.Prev);
    }

    [Fact]
    public void DisposedBatch_EveryMember_ThrowsObjectDisposed()
    {
        using Database db = Database.Open(_dir.Path);
        WriteBatch batch = new();
        batch.Put("k"u8, "v"u8);
        batch.Dispose();
        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => batch.Count);
        Assert.Throws<ObjectDisposedException>(() => batch.Put("k"u8, "v"u8));
        Assert.Throws<ObjectDisposedException>(() => batch.Delete("k"u8));
        Assert.Throws<ObjectDisposedException>(() => batch.DeleteRange("a"u8, "b"u8));
        Assert.Throws<ObjectDisposedException>(batch.Clear);
        Assert.Throws<ObjectDisposedException>(() => db.Write(batch));
        Assert.Null(db.Get("k"u8));
    }

    [Fact]
    public void BadArguments_ThrowArgumentExceptions_AndWriteNothing()
    {
        using Database db = Database.Open(_dir.Path);
        using WriteBatch batch = new();
        byte[] longKey = new byte[Database.MaxKeySizeBytes + 1];

        Assert.Throws<ArgumentException>(() => db.Put([], "v"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => db.Put(longKey, "v"u8));
        Assert.Throws<ArgumentException>(() => db.Delete([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => db.Delete(longKey));
        Assert.Throws<ArgumentException>(() => db.DeleteRange("b"u8, "a"u8));
        Assert.Throws<ArgumentException>(() => db.DeleteRange("a"u8, "a"u8));
        Assert.Throws<ArgumentException>(() => db.DeleteRange([], "a"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => db.Put("k"u8, "v"u8, (Durability)3));
        Assert.Throws<ArgumentOutOfRangeException>(() => db.Delete("k"u8, (Durability)(-1)));
        Assert.Throws<ArgumentNullException>(() => db.Write(null!));
        Assert.Throws<ArgumentNullException>(() => db.TryGet("k"u8, (System.Buffers.IBufferWriter<byte>)null!));
        Assert.Throws<ArgumentNullException>(() => db.MultiGet(null!));
        Assert.Throws<ArgumentNullException>(() => db.MultiGet(["a"u8.ToArray(), null!]));
        Assert.Throws<ArgumentException>(() => db.Checkpoint(""));
        Assert.Throws<ArgumentException>(() => Database.Open(""));
        Assert.Throws<ArgumentException>(() => batch.Put([], "v"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Put(longKey, "v"u8));
        Assert.Throws<ArgumentException>(() => batch.Delete([]));
        Assert.Throws<ArgumentException>(() => batch.DeleteRange("b"u8, "a"u8));

        Assert.Equal(0, batch.Count);
        Assert.Empty(db.Scan());
        Assert.Equal(0UL, db.GetMetrics().VisibleSequence);
    }

    [Fact]
    public void ForeignSnapshot_ThrowsArgument_AndReadsNothingOfTheOtherStore()
    {
        using Database first = Database.Open(Path.Combine(_dir.Path, "first"));
        using Database second = Database.Open(Path.Combine(_dir.Path, "second"));
        first.Put("k"u8, "first"u8);
        second.Put("k"u8, "second"u8);
        using Snapshot foreign = first.GetSnapshot();
        byte[] buffer = new byte[8];
        using PooledBufferWriter writer = new();

        Assert.Throws<ArgumentException>(() => second.Get("k"u8, foreign));
        Assert.Throws<ArgumentException>(() => second.TryGet("k"u8, writer, foreign));
        Assert.Throws<ArgumentException>(() => second.TryGet("k"u8, buffer, out _, foreign));
        Assert.Throws<ArgumentException>(() => second.MultiGet(["k"u8.ToArray()], foreign));
        Assert.Throws<ArgumentException>(() => second.NewIterator(new ReadOptions { Snapshot = foreign }));
        Assert.Throws<ArgumentException>(() => second.Scan(snapshot: foreign));
        Assert.Equal("first"u8.ToArray(), first.Get("k"u8, foreign));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void StorageFailures_StayStorageExceptions_WithTheirCodes()
    {
        string directory = Path.Combine(_dir.Path, "db");
        using Database db = Database.Open(directory);

        StorageException locked = Assert.Throws<DatabaseLockedException>(() => Database.Open(directory));
        Assert.Equal(StorageErrorCode.FailedPrecondition, locked.Code);
        db.Put("k"u8, "v"u8);
        db.Checkpoint(Path.Combine(_dir.Path, "copy"));
        StorageException exists = Assert.Throws<StorageException>(() => db.Checkpoint(Path.Combine(_dir.Path, "copy")));
        Assert.Equal(StorageErrorCode.AlreadyExists, exists.Code);
    }
}
