using System;
using System.Buffers;
using Engine.Core.Errors;
using Engine.Lsm.Db;
using Engine.Lsm.Options;

namespace Engine.Api;

/// <summary>
/// An embedded, ordered key-value store on the local file system: keys and values are byte strings, keys sorted
/// bytewise. Writes are durable as asked (<see cref="Durability"/>), batches are atomic, snapshots and iterators see
/// one consistent point.
/// </summary>
/// <remarks>
/// Every member is thread-safe. A store directory can be open once at a time (a lock file guards it).
/// Failures are <see cref="StorageException"/>s with a <see cref="StorageErrorCode"/>; damaged files are reported as
/// <see cref="CorruptionException"/> naming the file and offset. After a failed log write or sync the store accepts
/// no more writes (reads go on); reopen it to recover every acknowledged write.
/// </remarks>
/// <example>
/// <code>
/// using Database db = Database.Open("/var/lib/app/store");
/// db.Put("user:1"u8, "alice"u8, Durability.Synced);
/// byte[]? value = db.Get("user:1"u8);
/// using DatabaseIterator it = db.NewIterator(new ReadOptions { Prefix = "user:"u8.ToArray() });
/// for (it.First(); it.Valid; it.Next()) { /* it.Key, it.Value */ }
/// </code>
/// </example>
public sealed class Database : IDisposable
{
    private static readonly WriteOptions[] s_writeOptions =
    [
        new WriteOptions { Durability = Lsm.Options.Durability.Buffered },
        new WriteOptions { Durability = Lsm.Options.Durability.Flushed },
        new WriteOptions { Durability = Lsm.Options.Durability.Synced },
    ];

    private readonly LsmDatabase _inner;

    private Database(LsmDatabase inner)
    {
        _inner = inner;
    }

    /// <summary>Opens (or creates) the store in <paramref name="directory"/>.</summary>
    /// <param name="directory">The store's directory; created if missing and <see cref="DatabaseOptions.CreateIfMissing"/>.</param>
    /// <param name="options">Settings; null for <see cref="DatabaseOptions.Default"/>.</param>
    /// <exception cref="StorageException">Invalid options (InvalidArgument), the store is open elsewhere (FailedPrecondition), no store and not creating (NotFound), or I/O failed.</exception>
    /// <exception cref="CorruptionException">A file the store needs is damaged.</exception>
    public static Database Open(string directory, DatabaseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new Database(LsmDatabase.Open(directory, (options ?? DatabaseOptions.Default).ToLsmOptions()));
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <exception cref="StorageException">Bad key or value (InvalidArgument), closed or failed store (FailedPrecondition), I/O failure.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, Durability durability = Durability.Flushed) =>
        _inner.Put(key, value, Options(durability));

    /// <summary>Deletes <paramref name="key"/>; deleting a missing key is not an error.</summary>
    /// <exception cref="StorageException">Bad key (InvalidArgument), closed or failed store, I/O failure.</exception>
    public void Delete(ReadOnlySpan<byte> key, Durability durability = Durability.Flushed) =>
        _inner.Delete(key, Options(durability));

    /// <summary>Deletes every key in <c>[start, end)</c> with one write.</summary>
    /// <exception cref="StorageException"><paramref name="start"/> not below <paramref name="end"/> (InvalidArgument), closed or failed store, I/O failure.</exception>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end, Durability durability = Durability.Flushed) =>
        _inner.DeleteRange(start, end, Options(durability));

    /// <summary>Commits every operation of <paramref name="batch"/> atomically.</summary>
    /// <exception cref="StorageException">Closed or failed store, I/O failure: then none of the batch is acknowledged.</exception>
    public void Write(WriteBatch batch, Durability durability = Durability.Flushed)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _inner.Write(batch.Inner, Options(durability));
    }

    /// <summary>The value of <paramref name="key"/>, or null when it has none.</summary>
    /// <exception cref="StorageException">Closed store or disposed snapshot (FailedPrecondition).</exception>
    /// <exception cref="CorruptionException">The table holding the key is damaged.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key, Snapshot? snapshot = null) => _inner.Get(key, snapshot?.Inner);

    /// <summary>Appends the value of <paramref name="key"/> to <paramref name="value"/>; false when it has none. Allocates nothing.</summary>
    /// <exception cref="StorageException">Closed store or disposed snapshot (FailedPrecondition).</exception>
    /// <exception cref="CorruptionException">The table holding the key is damaged.</exception>
    public bool TryGet(ReadOnlySpan<byte> key, IBufferWriter<byte> value, Snapshot? snapshot = null) =>
        _inner.TryGet(key, value, snapshot?.Inner);

    /// <summary>Pins the current state: reads through the snapshot see the store as it is now.</summary>
    public Snapshot GetSnapshot() => new(_inner.GetSnapshot());

    /// <summary>A cursor over the live keys within the options' bounds, as of one consistent point.</summary>
    public DatabaseIterator NewIterator(ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        return new DatabaseIterator(_inner.NewIterator(new IteratorOptions
        {
            Snapshot = options.Snapshot?.Inner,
            LowerBound = options.LowerBound?.ToArray(),
            UpperBound = options.UpperBound?.ToArray(),
            Prefix = options.Prefix?.ToArray(),
        }));
    }

    /// <summary>Writes the memtable to a table and waits until every frozen memtable is on disk.</summary>
    public void Flush() => _inner.Flush();

    /// <summary>A copy of the store's counters.</summary>
    public DatabaseMetrics GetMetrics()
    {
        LsmMetrics m = _inner.GetMetrics();
        return new DatabaseMetrics
        {
            MemtableSizeBytes = m.MemtableSizeBytes,
            ImmutableMemtables = m.ImmutableMemtables,
            FilesPerLevel = m.FilesPerLevel,
            BytesPerLevel = m.BytesPerLevel,
            WalBytesWritten = m.WalBytesWritten,
            FlushCount = m.FlushCount,
            CompactionCount = m.CompactionCount,
            StallCount = m.StallCount,
            VisibleSequence = m.VisibleSequence,
            BlockCacheCapacityBytes = m.BlockCacheCapacityBytes,
            BlockCacheUsageBytes = m.BlockCacheUsageBytes,
            BlockCacheHits = m.BlockCacheHits,
            BlockCacheMisses = m.BlockCacheMisses,
            BlockCacheInserts = m.BlockCacheInserts,
            BlockCacheEvictions = m.BlockCacheEvictions,
            OpenTables = m.OpenTables,
            TableCacheHits = m.TableCacheHits,
            TableCacheMisses = m.TableCacheMisses,
            TableCacheEvictions = m.TableCacheEvictions,
        };
    }

    /// <summary>Closes the store: background work finishes, buffered writes are made durable, the lock is released.</summary>
    public void Dispose() => _inner.Dispose();

    private static WriteOptions Options(Durability durability) =>
        (uint)durability < (uint)s_writeOptions.Length
            ? s_writeOptions[(int)durability]
            : throw new StorageException(StorageErrorCode.InvalidArgument, $"Unknown durability {durability}.");
}
