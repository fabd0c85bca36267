using System;
using System.IO;
using System.Threading;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1;
using Engine.Core.Identifiers;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The reference backend: the sync-artifact store over SQLite with the reference SDK's v1 schema and SQL
/// (shared/spec/baton-storage.md, sections 1 and 3), many syncs per database, saved as a v1 <c>.c1z</c>. It answers
/// every reader method as our LSM <see cref="SyncStore"/> does, in rowid (insertion) order, and serves as the baseline
/// and the oracle of the equivalence tests. Split into partial files by concern.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safety: one connection, so every call runs under one lock; reads may come from any thread, and a stream reads
/// each of its pages under the lock.
/// </para>
/// <para>
/// Every Put call is one transaction of prepared single-row upserts; a failure rolls it back whole.
/// </para>
/// </remarks>
public sealed partial class SqliteSyncStore : ISyncStore, ISyncTransferSource, ISyncTransferTarget
{
    /// <summary>The engine name in <see cref="Metadata"/>.</summary>
    public const string EngineName = "sqlite";

    /// <summary>The file format name in <see cref="Metadata"/>.</summary>
    public const string FormatName = "v1";

    private readonly SqlStatements _sql;
    private readonly SqliteSyncStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly KsuidGenerator _ids;
    private readonly string _databasePath;

    // The .c1z the store was opened from and saves to; null for a plain database.
    private readonly string? _c1zPath;

    // The scratch directory holding the decompressed working database; null for a plain database.
    private readonly string? _workDirectory;

    // Guards the connection and every field below.
    private readonly Lock _lock = new();

    // The sync bound by Start/Resume/SetCurrentSync; null when none.
    private string? _current;

    // The sync ViewSync selected for reads; null when none.
    private string? _view;

    // Set by every mutating call (but DeleteGrant, as the reference); cleared when saved.
    private bool _dirty;

    private bool _closed;

    private SqliteSyncStore(SqlStatements sql, string databasePath, string? c1zPath, string? workDirectory, SqliteSyncStoreOptions options)
    {
        _sql = sql;
        _databasePath = databasePath;
        _c1zPath = c1zPath;
        _workDirectory = workDirectory;
        _options = options;
        _time = options.TimeProvider;
        _zone = _time.LocalTimeZone;
        _ids = new KsuidGenerator(_time);
    }

    /// <summary>
    /// Opens the v1 <c>.c1z</c> at <paramref name="c1zPath"/>: a missing or empty file is a new store; an existing one
    /// is decompressed into a scratch directory and migrated to the current schema. Close writes it back when modified.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="c1zPath"/> is null or empty.</exception>
    /// <exception cref="StorageException">The file is not a v1 <c>.c1z</c>, or I/O failed.</exception>
    public static SqliteSyncStore Open(string c1zPath, SqliteSyncStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(c1zPath);
        options ??= SqliteSyncStoreOptions.Default;
        options.Validate();
        string work = Scratch.Create(options.TempDirectory, "sqlite-open");
        string database = Path.Combine(work, "db");
        try
        {
            FileInfo file = new(c1zPath);
            if (file.Exists && file.Length > 0)
            {
                V1Container.DecompressFile(c1zPath, database, V1DecoderLimits.Default);
            }

            return OpenOn(database, c1zPath, work, options);
        }
        catch
        {
            Scratch.Delete(work);
            throw;
        }
    }

    /// <summary>
    /// Opens (or creates) the plain SQLite database at <paramref name="databasePath"/>, migrated to the current schema;
    /// Close checkpoints it and leaves it in place.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is null or empty.</exception>
    public static SqliteSyncStore OpenDatabase(string databasePath, SqliteSyncStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        options ??= SqliteSyncStoreOptions.Default;
        options.Validate();
        return OpenOn(databasePath, null, null, options);
    }

    private static SqliteSyncStore OpenOn(string databasePath, string? c1zPath, string? workDirectory, SqliteSyncStoreOptions options)
    {
        SqliteConnectionStringBuilder builder = new()
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        SqliteConnection connection = new(builder.ToString());
        SqlStatements sql = new(connection);
        try
        {
            connection.Open();
            ApplyPragmas(sql, options);
            if (V1Schema.CreateOrMigrate(sql, databasePath))
            {
                sql.Execute("PRAGMA optimize");
            }

            return new SqliteSyncStore(sql, databasePath, c1zPath, workDirectory, options);
        }
        catch
        {
            sql.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The reference's pragmas (spec 3.7): synchronous NORMAL, the journal mode, an exclusive lock; a read-only store
    /// turns journaling and syncing off, since it never writes.
    /// </summary>
    private static void ApplyPragmas(SqlStatements sql, SqliteSyncStoreOptions options)
    {
        if (options.ReadOnly)
        {
            sql.Execute("PRAGMA journal_mode = OFF");
            sql.Execute("PRAGMA synchronous = OFF");
        }
        else
        {
            sql.Execute("PRAGMA synchronous = NORMAL");
            sql.Execute(options.JournalMode switch
            {
                SqliteJournalMode.Wal => "PRAGMA journal_mode = WAL",
                SqliteJournalMode.Truncate => "PRAGMA journal_mode = TRUNCATE",
                _ => "PRAGMA journal_mode = DELETE",
            });
        }

        sql.Execute("PRAGMA main.locking_mode = EXCLUSIVE");
    }

    /// <summary>The engine and format; no I/O.</summary>
    public StoreMetadata Metadata => new(EngineName, FormatName, "");

    /// <summary>True once a mutating call (but DeleteGrant, as the reference) changed the store since it was opened or saved.</summary>
    public bool IsDirty
    {
        get
        {
            lock (_lock)
            {
                return _dirty;
            }
        }
    }

    /// <summary>True when opened read-only.</summary>
    public bool IsReadOnly => _options.ReadOnly;

    /// <summary>The <c>.c1z</c> the store saves to, or the plain database's path.</summary>
    public string OutputPath => _c1zPath ?? _databasePath;

    /// <summary>The working database's path (the decompressed copy for a <c>.c1z</c>).</summary>
    public string DatabasePath => _databasePath;

    /// <summary>
    /// Marks the store modified, as a write the reference lets through on a read-only handle would (tests: the
    /// read-only Close refusal).
    /// </summary>
    internal void MarkDirty()
    {
        lock (_lock)
        {
            _dirty = true;
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once closed; the caller holds the lock.</summary>
    private void ThrowIfClosedLocked() => ObjectDisposedException.ThrowIf(_closed, this);

    /// <summary>Throws unless the store may be written: open and writable; the caller holds the lock.</summary>
    private void ThrowIfNotWritableLocked()
    {
        ThrowIfClosedLocked();
        if (_options.ReadOnly)
        {
            SyncErrors.ReadOnly();
        }
    }

    /// <summary>Now, as nanoseconds since the Unix epoch.</summary>
    private long NowUnixNanos() => ToUnixNanos(_time.GetUtcNow());

    /// <summary>Now, as the reference's timestamp text.</summary>
    private string NowText() => FormatTime(NowUnixNanos());

    private string FormatTime(long unixNanos) => V1Timestamp.Format(unixNanos, _zone);

    /// <summary>A stored timestamp as nanoseconds; corruption when it does not parse.</summary>
    private long ParseTime(string text, string what)
    {
        if (!V1Timestamp.TryParse(text, _zone, out long nanos))
        {
            throw new CorruptionException(_databasePath, System.Text.Encoding.UTF8.GetBytes(what), $"'{text}' is not a v1 timestamp");
        }

        return nanos;
    }

    internal static long ToUnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>The sync id a caller named, checked; InvalidArgument when it is not a KSUID (as our LSM store).</summary>
    private static string CheckSyncId(string syncId)
    {
        if (!Ksuid.TryParse(syncId, out _))
        {
            SyncErrors.InvalidArgument($"'{syncId}' is not a sync id (a 27-character KSUID)");
        }

        return syncId;
    }
}
