using System;
using System.Threading;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;
using Engine.Lsm.Db;

namespace Engine.Api.Sync;

/// <summary>
/// The sync-artifact store on our LSM: many syncs per store, each sync's records under its own key prefix in each
/// keyspace (docs/format/keyspace.md), with the semantics of the reference's SQLite backend
/// (shared/spec/baton-storage.md). Split into partial files by concern: lifecycle, sync runs, entity writes, reads,
/// stats, assets, sessions, retention, file operations.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safety: one writer at a time (the sync pipeline), reads from any thread. The binding state (current sync,
/// view sync, dirty flag, cached default syncs) is guarded by <see cref="_stateLock"/>; record reads and writes go
/// straight to the key-value store, whose batches are atomic.
/// </para>
/// <para>
/// Every Put call is one atomic batch. A failed call leaves the previous state intact: nothing is applied until the
/// batch commits.
/// </para>
/// </remarks>
public sealed partial class SyncStore : ISyncStore
{
    /// <summary>The engine name in <see cref="Metadata"/> and in packed artifacts.</summary>
    public const string EngineName = "lsm-cs1";

    /// <summary>The file format name in <see cref="Metadata"/>.</summary>
    public const string FormatName = "lsm1";

    private readonly Database _database;
    private readonly string _path;
    private readonly SyncStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly KsuidGenerator _ids;

    // How the payload of the artifact the store was opened from is encoded; empty for a plain directory. Set once by
    // OpenArtifact before the store is handed out.
    private string _payloadEncoding = "";

    // Guards every field below.
    private readonly Lock _stateLock = new();

    // The sync bound by Start/Resume/SetCurrentSync; null when none.
    private Ksuid? _current;

    // The sync ViewSync selected for reads; null when none.
    private Ksuid? _view;

    // The next creation sequence number (one past the largest stored).
    private long _nextSequence;

    // Set by every mutating call; cleared when saved.
    private bool _dirty;

    private bool _closed;

    private SyncStore(Database db, string path, SyncStoreOptions options)
    {
        _database = db;
        _path = path;
        _options = options;
        _telemetry = new SyncTelemetry(path, options, CurrentSyncForReports);
        _time = options.TimeProvider;
        _ids = new KsuidGenerator(_time);
        _nextSequence = LoadNextSequence();
        RebuildInterruptedIndexes();
        _openedAtSequence = LastWriteSequence();
    }

    /// <summary>Opens (or creates) the sync store in directory <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="StorageException">The store cannot be opened (see <see cref="Database.Open"/>).</exception>
    public static SyncStore Open(string path, SyncStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SyncStoreOptions.Default;
        options.Validate();
        Database db = Database.Open(path, options.ReadOnly ? options.Database with { CreateIfMissing = false } : options.Database);
        return OpenOn(db, path, options);
    }

    /// <summary>A store over an open key-value store (tests: one on an in-memory or crash-simulating file system).</summary>
    internal static SyncStore Open(LsmDatabase inner, string path, SyncStoreOptions? options = null)
    {
        options ??= SyncStoreOptions.Default;
        options.Validate();
        return OpenOn(new Database(inner), path, options);
    }

    private static SyncStore OpenOn(Database db, string path, SyncStoreOptions options)
    {
        try
        {
            return new SyncStore(db, path, options);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>The engine, format and payload encoding; no I/O.</summary>
    public StoreMetadata Metadata => new(EngineName, FormatName, _payloadEncoding);

    /// <summary>True once a mutating call changed the store since it was opened or saved.</summary>
    public bool IsDirty
    {
        get
        {
            lock (_stateLock)
            {
                return _dirty;
            }
        }
    }

    /// <summary>True when opened read-only.</summary>
    public bool IsReadOnly => _options.ReadOnly;

    /// <summary>Where the store saves: the packed artifact it was opened from, else its directory.</summary>
    public string OutputPath => _artifactPath ?? _path;

    /// <summary>
    /// Closes the key-value store underneath. Saving a packed artifact is Close's work, not this: a store opened from an
    /// artifact drops its working copy, and with it what <see cref="Close"/> did not save.
    /// </summary>
    public void Dispose()
    {
        lock (_stateLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        try
        {
            DrainPendingIndexes();
        }
        catch (StorageException)
        {
            // The marker stays, so the next open rebuilds what the drain could not write.
        }

        _database.Dispose();
        _telemetry.Dispose();
        DeleteWorkDirectory();
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once closed.</summary>
    private void ThrowIfClosed()
    {
        lock (_stateLock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
        }
    }

    /// <summary>Throws unless the store may be written: open and writable.</summary>
    private void ThrowIfNotWritable()
    {
        ThrowIfClosed();
        if (_options.ReadOnly)
        {
            SyncErrors.ReadOnly();
        }
    }

    /// <summary>Marks the store changed since it was opened or saved.</summary>
    private void MarkDirty()
    {
        lock (_stateLock)
        {
            _dirty = true;
        }
    }

    /// <summary>Now, as nanoseconds since the Unix epoch.</summary>
    private long NowUnixNanos() => ToUnixNanos(_time.GetUtcNow());

    internal static long ToUnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    internal static DateTimeOffset FromUnixNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);

    /// <summary>The sync id a caller named, parsed; InvalidArgument when it is not a KSUID.</summary>
    internal static Ksuid ParseSyncId(string syncId)
    {
        if (!Ksuid.TryParse(syncId, out Ksuid id))
        {
            SyncErrors.InvalidArgument($"'{syncId}' is not a sync id (a 27-character KSUID)");
        }

        return id;
    }

    private long LoadNextSequence()
    {
        using DatabaseIterator it = _database.NewIterator(new ReadOptions { Range = SyncKeys.KeyspaceRange(Keyspace.SyncOrder) });
        it.Last();
        return it.Valid ? System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(it.Key[1..]) + 1 : 1;
    }
}
