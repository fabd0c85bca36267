using System;
using System.Buffers;
using System.Collections.Generic;
using Engine.Core.Errors;
using Engine.Lsm.Db;
using Engine.Lsm.Metrics;
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

    /// <summary>
    /// Compacts every table holding keys in <c>[start, end]</c> (null: unbounded on that side) down the tree, dropping
    /// overwritten and deleted entries that no snapshot can see. <c>Compact()</c> compacts the whole store. Runs on
    /// the calling thread; automatic compactions pause meanwhile; reads and writes go on.
    /// </summary>
    /// <exception cref="StorageException">The store is closed or has failed.</exception>
    public void Compact(byte[]? start = null, byte[]? end = null) => _inner.CompactRange(start, end);

    /// <summary>
    /// Writes a consistent copy of the store into <paramref name="directory"/> while reads and writes go on. The copy
    /// holds every write acknowledged before the call and possibly some made during it, always a prefix of the write
    /// order (never a later write without an earlier one). To restore, open the directory with <see cref="Open"/>.
    /// </summary>
    /// <remarks>
    /// The memtable is flushed first, so the copy needs no log; then the tables of the current version are copied
    /// (they are kept from deletion while copying) and a manifest describing exactly them is written, <c>CURRENT</c>
    /// last, every file synced. Tables are copied byte for byte: hard links would be faster, but .NET has no portable
    /// managed API to create them, so the target needs room for a full copy of the tables.
    /// </remarks>
    /// <param name="directory">The target directory: created if missing; if it exists it must hold no files.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="StorageException">
    /// The target holds files (AlreadyExists), or another checkpoint is writing it (FailedPrecondition); the store is
    /// closed or failed (FailedPrecondition); I/O failed. Files written into the target are removed on failure.
    /// </exception>
    /// <exception cref="CorruptionException">A table's size differs from the manifest's record of it.</exception>
    public void Checkpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _inner.Checkpoint(directory);
    }

    /// <summary>
    /// Checks the store while it runs: reads every table block by block (checksums, key order, bounds against the
    /// manifest), checks the level invariants (L0 newest first, no overlap below, newer versions of a key never below
    /// older ones), and that every table the manifest lists exists. Problems are reported, not thrown.
    /// </summary>
    /// <remarks>
    /// Reads every table twice (once per table, once merged across levels), through its own mappings rather than the
    /// store's caches, so it costs about two full scans of the data on disk. Writes, flushes and compactions go on.
    /// The memtable is not checked: it has not been written to a table yet.
    /// </remarks>
    /// <returns>The problems found and the counts of what was read; <see cref="VerifyReport.IsHealthy"/> when none.</returns>
    /// <exception cref="StorageException">The store is closed (FailedPrecondition), or the directory cannot be listed.</exception>
    public VerifyReport Verify()
    {
        Lsm.Verify.VerifyReport report = _inner.Verify();
        List<VerifyProblem> problems = new(report.Problems.Count);
        foreach (Lsm.Verify.VerifyProblem problem in report.Problems)
        {
            problems.Add(new VerifyProblem
            {
                Kind = (VerifyProblemKind)problem.Kind,
                FilePath = problem.FilePath,
                Level = problem.Level,
                Offset = problem.Offset,
                Message = problem.Message,
            });
        }

        return new VerifyReport
        {
            Problems = problems,
            UnreferencedFiles = report.UnreferencedFiles.ToArray(),
            TablesChecked = report.TablesChecked,
            BlocksChecked = report.BlocksChecked,
            EntriesChecked = report.EntriesChecked,
        };
    }

    /// <summary>A copy of the store's figures.</summary>
    /// <exception cref="StorageException">The store is closed.</exception>
    public DatabaseMetrics GetMetrics()
    {
        LsmMetrics m = _inner.GetMetrics();
        List<LevelMetrics> levels = [];
        foreach (Lsm.Metrics.LevelMetrics level in m.Levels)
        {
            levels.Add(new LevelMetrics
            {
                Files = level.Files,
                Bytes = level.Bytes,
                Score = level.Score,
                TargetBytes = level.TargetBytes,
                BytesRead = level.BytesRead,
                BytesWritten = level.BytesWritten,
                TrivialMoves = level.TrivialMoves,
                Compactions = level.Compactions,
            });
        }

        return new DatabaseMetrics
        {
            Levels = levels,
            FilesPerLevel = m.FilesPerLevel,
            BytesPerLevel = m.BytesPerLevel,
            BaseLevel = m.BaseLevel,
            MemtableSizeBytes = m.MemtableSizeBytes,
            ImmutableMemtables = m.ImmutableMemtables,
            MemtableMemoryBytes = m.MemtableMemoryBytes,
            WalBytesWritten = m.WalBytesWritten,
            FlushCount = m.FlushCount,
            FlushBytesWritten = m.FlushBytesWritten,
            FlushMilliseconds = m.FlushMilliseconds,
            CompactionCount = m.CompactionCount,
            TrivialMoveCount = m.TrivialMoveCount,
            CompactionBytesRead = m.CompactionBytesRead,
            CompactionBytesWritten = m.CompactionBytesWritten,
            CompactionMilliseconds = m.CompactionMilliseconds,
            RunningCompactions = m.RunningCompactions,
            CompactionDebtBytes = m.CompactionDebtBytes,
            WriteAmplification = m.WriteAmplification,
            StallCount = m.StallCount,
            StallMilliseconds = m.StallMilliseconds,
            SlowdownCount = m.SlowdownCount,
            BloomChecks = m.BloomChecks,
            BloomUseful = m.BloomUseful,
            BloomFalsePositives = m.BloomFalsePositives,
            VisibleSequence = m.VisibleSequence,
            LiveSnapshots = m.LiveSnapshots,
            LiveIterators = m.LiveIterators,
            BackgroundErrors = m.BackgroundErrors,
            ListenerErrors = m.ListenerErrors,
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
