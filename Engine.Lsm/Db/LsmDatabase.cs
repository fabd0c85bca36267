using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Bloom;
using Engine.Lsm.Cache;
using Engine.Lsm.Compaction;
using Engine.Lsm.Events;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;
using Engine.Lsm.Metrics;
using Engine.Lsm.Options;
using Engine.Lsm.Wal;


namespace Engine.Lsm.Db;

/// <summary>
/// An embedded, ordered key-value store: a log-structured merge tree over an <see cref="IFileSystem"/>.
/// </summary>
/// <remarks>
/// <para>
/// Split by concern: <c>LsmDatabase.Open.cs</c> (recovery), <c>.Write.cs</c> (the commit pipeline),
/// <c>.Read.cs</c> (gets, iterators, snapshots), <c>.Flush.cs</c> (memtable rotation and the background task),
/// <c>.Compaction.cs</c> (merging L0 into L1). The write and read paths are drawn in docs/architecture.md.
/// </para>
/// <para>
/// Thread-safety: every public member may be called from any thread. Mutable state lives in the fields below,
/// each marked with what guards it. Readers never take <see cref="_mutex"/>: they pin the published
/// <see cref="ReadState"/>.
/// </para>
/// </remarks>
internal sealed partial class LsmDatabase : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly LsmOptions _options;
    private readonly IDisposable _fileLock;
    private readonly VersionSet _versions;
    private readonly TableCache _tables;
    private readonly BlockCache? _blockCache;
    private readonly BloomBuilderPool _bloomBuilders = new();
    private readonly SnapshotList _snapshots = new();
    private readonly EventDispatcher _events;
    private StoreMeter? _meter;

    /// <summary>
    /// Guards the fields marked "mutex". A plain monitor, not <see cref="System.Threading.Lock"/>, because writers and the
    /// background task wait on it for room and for work.
    /// </summary>
    private readonly object _mutex = new();

    // mutex: the write queue; its head is the commit leader.
    private readonly Queue<PendingWrite> _writers = new();

    // mutex (written); the leader alone uses them outside the mutex while it commits.
    private Memtable _mem;
    private ulong _memLogNumber;
    private LogWriter _log;

    // mutex: frozen memtables, oldest first, with the WAL that holds each one's writes.
    private readonly List<(Memtable Memtable, ulong LogNumber)> _immutables = [];

    // Published with Volatile.Write under mutex; read lock-free.
    private ReadState _readState;

    // mutex: the last sequence number handed to a batch.
    private ulong _lastSequence;

    // Written by the leader after the memtable insert (Volatile); read lock-free.
    private ulong _visibleSequence;

    // mutex: set once; the store then acknowledges no write.
    private Exception? _failure;

    // mutex
    private bool _closing;
    private bool _disposed;

    // Set while closing releases the current version, whose tables must survive.
    private bool _releasingCurrentVersion;

    // Counters: thread-safe on their own.
    private readonly StoreStats _stats = new();
    private readonly StrongBoxCounter _liveIterators = new();

    private LsmDatabase(IFileSystem fs, string directory, LsmOptions options, IDisposable fileLock)
    {
        _fs = fs;
        _directory = directory;
        _options = options;
        _fileLock = fileLock;
        _events = new EventDispatcher(options.EventListener, directory);
        _blockCache = options.BlockCacheBytes > 0 ? new BlockCache(options.BlockCacheBytes) : null;
        _tables = new TableCache(fs, directory, options.MaxOpenTables, _blockCache, options.PositionalDataReads);
        _versions = new VersionSet(fs, directory, options, OnTableObsolete);
        _mem = NewMemtable(0);
        _log = null!;
        _readState = null!;
    }

    /// <summary>The directory the store lives in.</summary>
    public string Directory => _directory;

    /// <summary>The options the store runs with.</summary>
    public LsmOptions Options => _options;

    /// <summary>
    /// True once a failure stopped the store from acknowledging writes (a failed fsync, WAL or manifest write, or
    /// background job); reads go on, every write throws <see cref="ReadOnlyException"/>. A write refused for lack of
    /// space (<see cref="StorageFullException"/>) leaves this false: the store goes on once space returns.
    /// </summary>
    public bool HasFailed
    {
        get
        {
            lock (_mutex)
            {
                return _failure is not null;
            }
        }
    }

    /// <summary>The file system the store's files live on.</summary>
    public IFileSystem FileSystem => _fs;

    /// <summary>Opens (or creates) the store in <paramref name="directory"/> on the local file system.</summary>
    public static LsmDatabase Open(string directory, LsmOptions? options = null) =>
        Open(LocalFileSystem.Instance, directory, options);

    /// <summary>Opens (or creates) the store in <paramref name="directory"/> of <paramref name="fs"/>.</summary>
    /// <exception cref="StorageException">The options are invalid, the store is locked by another open, or recovery failed.</exception>
    /// <exception cref="CorruptionException">A file the store needs is damaged.</exception>
    public static LsmDatabase Open(IFileSystem fs, string directory, LsmOptions? options = null)
    {
        options ??= LsmOptions.Default;
        options.Validate();
        if (options.CreateIfMissing)
        {
            fs.CreateDirectory(directory);
        }
        else if (!fs.DirectoryExists(directory))
        {
            ThrowHelper.ThrowNotFound($"No store at '{directory}'.");
        }

        IDisposable fileLock = fs.Lock(Path.Combine(directory, FileNames.Lock));
        LsmDatabase? db = null;
        try
        {
            db = new LsmDatabase(fs, directory, options, fileLock);
            db.Recover();
            db.SignalWorkDueAtOpen();
            db._meter = new StoreMeter(directory, db.GetMetrics);
            return db;
        }
        catch
        {
            db?.DisposeAfterFailedOpen();
            fileLock.Dispose();
            throw;
        }
    }

    /// <summary>A copy of the store's figures.</summary>
    /// <exception cref="StorageException">The store is closed.</exception>
    public DatabaseMetrics GetMetrics()
    {
        EnsureOpen();
        using ReadState state = AcquireReadState();
        TreeVersion version = state.Version;
        LevelTargets targets = LevelTargets.Compute(version, _options);
        int runningCompactions;
        double[] scores;
        lock (_mutex)
        {
            runningCompactions = _running.Count;
            scores = CompactionPicker.Scores(version, targets, _options, _running);
        }

        LevelMetrics[] levels = new LevelMetrics[TreeVersion.LevelCount];
        int[] files = new int[TreeVersion.LevelCount];
        long[] bytes = new long[TreeVersion.LevelCount];
        for (int level = 0; level < TreeVersion.LevelCount; level++)
        {
            files[level] = version.Files(level).Length;
            bytes[level] = targets.LevelBytes(level);
            levels[level] = _stats.Level(level) with
            {
                Files = files[level],
                Bytes = bytes[level],
                Score = scores[level],
                TargetBytes = level == 0 ? long.MaxValue : targets.MaxBytes(level),
            };
        }

        long memtableMemory = state.Memtable.Capacity;
        foreach (Memtable immutable in state.Immutables)
        {
            memtableMemory += immutable.Capacity;
        }

        (long bloomChecks, long bloomNegatives, long bloomFalsePositives) = _tables.BloomTotals();
        return _stats.Fill(new DatabaseMetrics
        {
            Levels = levels,
            FilesPerLevel = files,
            BytesPerLevel = bytes,
            BaseLevel = targets.BaseLevel,
            MemtableSizeBytes = state.Memtable.ApproximateMemoryUsage,
            ImmutableMemtables = state.Immutables.Length,
            MemtableMemoryBytes = memtableMemory,
            RunningCompactions = runningCompactions,
            CompactionDebtBytes = targets.CompactionDebt(version, _options),
            BloomChecks = bloomChecks,
            BloomUseful = bloomNegatives,
            BloomFalsePositives = bloomFalsePositives,
            VisibleSequence = Volatile.Read(ref _visibleSequence),
            LiveSnapshots = _snapshots.Count,
            LiveIterators = _liveIterators.Value,
            ListenerErrors = _events.Errors,
            BlockCacheCapacityBytes = _blockCache?.CapacityBytes ?? 0,
            BlockCacheUsageBytes = _blockCache?.UsageBytes ?? 0,
            BlockCacheHits = _blockCache?.Hits ?? 0,
            BlockCacheMisses = _blockCache?.Misses ?? 0,
            BlockCacheInserts = _blockCache?.Inserts ?? 0,
            BlockCacheEvictions = _blockCache?.Evictions ?? 0,
            OpenTables = _tables.OpenCount,
            TableCacheHits = _tables.Hits,
            TableCacheMisses = _tables.Misses,
            TableCacheEvictions = _tables.Evictions,
        });
    }

    /// <summary>
    /// Closes the store: waits for the background task to finish its current job, makes buffered writes durable,
    /// and releases the lock. Reads and writes after this throw.
    /// </summary>
    public void Dispose()
    {
        lock (_mutex)
        {
            if (_disposed)
            {
                return;
            }

            // Cancel before _disposed is seen, so that whoever sees the store closed also sees compactions cancelled.
            _closing = true;
            _closeCancellation.Cancel();
            Volatile.Write(ref _disposed, true);
            _meter?.Dispose();
            Monitor.PulseAll(_mutex);
            StopBackgroundThreadsLocked();

            // A commit leader may be writing the WAL outside the mutex; new writers fail once they lead.
            while (_writers.Count > 0)
            {
                Monitor.Wait(_mutex);
            }
        }

        // The threads record their failures in _failure; joining them only waits for them to end.
        JoinBackgroundThreads();

        try
        {
            lock (_mutex)
            {
                if (_failure is null)
                {
                    _log.Close();
                }
                else
                {
                    _log.Dispose();
                }
            }
        }
        finally
        {
            // A failing close (the final WAL or manifest sync) is reported, but never keeps the lock: the store
            // must be reopenable once the disk heals.
            try
            {
                Volatile.Read(ref _readState).Dispose();
                ReleaseMemtables();
                Volatile.Write(ref _releasingCurrentVersion, true);

                // Tables are unmapped as their last version is released: at once, or when an iterator that outlived
                // the store is disposed, so that such an iterator never touches an unmapped table.
                _versions.Dispose();
            }
            finally
            {
                _fileLock.Dispose();
                _flushSignal.Dispose();
                _compactionSignal.Dispose();
                _closeCancellation.Dispose();
            }
        }
    }

    /// <summary>
    /// Drops the store's own references to its memtables while closing; their arenas are freed now, or when an
    /// iterator that outlived the store is disposed.
    /// </summary>
    private void ReleaseMemtables()
    {
        lock (_mutex)
        {
            _mem.Release();
            foreach ((Memtable memtable, ulong _) in _immutables)
            {
                memtable.Release();
            }

            _immutables.Clear();
        }
    }

    private void DisposeAfterFailedOpen()
    {
        _disposed = true;
        _log?.Dispose();
        _readState?.Dispose();
        ReleaseMemtables();
        _releasingCurrentVersion = true;
        _versions.Dispose();
    }

    private Memtable NewMemtable(long minimumCapacity)
    {
        long capacity = Math.Max(_options.WriteBufferSizeBytes, minimumCapacity + Memtable.FixedOverhead);
        return new Memtable((int)Math.Min(capacity, int.MaxValue - 64));
    }

    private void OnTableObsolete(FileMetadata file)
    {
        // Closes the reader (when its last lease goes) and drops its decoded blocks.
        _tables.Evict(file.Number);
        if (Volatile.Read(ref _releasingCurrentVersion))
        {
            // Closing releases the current version too: its tables are not obsolete, only closed.
            return;
        }

        try
        {
            _fs.Delete(FileNames.Table(_directory, file.Number));
        }
        catch (StorageException)
        {
            // An obsolete table that cannot be deleted now is garbage: the next open deletes what nothing references.
        }
    }

    private void ThrowIfUnusableLocked()
    {
        if (_closing)
        {
            ThrowHelper.ThrowFailedPrecondition("The store is closed.");
        }

        if (_failure is not null)
        {
            // Reads go on; no write is acknowledged again in this open, since the failure (an fsync, a manifest
            // write, an I/O error) says nothing certain about what reached the disk. Reopening recovers.
            throw new ReadOnlyException("The store stopped accepting writes after an earlier failure: " + _failure.Message, _failure);
        }
    }

    private void EnsureOpen()
    {
        if (Volatile.Read(ref _disposed))
        {
            ThrowHelper.ThrowFailedPrecondition("The store is closed.");
        }
    }
}
