using System;
using System.Buffers.Binary;
using System.IO;
using Engine.Api.Encryption;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Api.LocalFirst.Feed;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;

namespace Engine.Api.LocalFirst;

/// <summary>
/// A local-first store: typed stores (key-value, documents, blobs, time series) over one key-value engine in one
/// directory, so that one atomic batch can span them. Thread-safe: every member may be called from any thread.
/// </summary>
/// <remarks>
/// The directory holds <c>db/</c>, the engine's files, and <c>blobs/</c>, large blobs beside the LSM so that compaction
/// never rewrites them. The engine's lock file makes a second open, in this process or another, fail with
/// <see cref="DatabaseLockedException"/>. Layout and record formats: <c>docs/format/local-first.md</c>.
/// </remarks>
public sealed partial class LocalStore : IDisposable
{
    /// <summary>The layout version this code writes and the newest it reads.</summary>
    internal const long FormatVersion = 1;

    private static readonly byte[] s_formatKey = [Keyspaces.Meta, (byte)'f', (byte)'o', (byte)'r', (byte)'m', (byte)'a', (byte)'t'];

    private readonly IFileSystem _fs;

    // Set once by Dispose; a stale read only lets the engine report the closed store.
    private volatile bool _disposed;

    private LocalStore(IFileSystem fs, string directory, Database database, ChangeFeed feed, LocalStoreOptions options, KeyspaceCompactionFilter compactionFilters)
    {
        _fs = fs;
        Feed = feed;
        CompactionFilters = compactionFilters;
        Directory = directory;
        Database = database;
        Options = options;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>The options the store was opened with.</summary>
    public LocalStoreOptions Options { get; }

    /// <summary>The clock the store reads (TTL expiry, ids, timestamps, retention).</summary>
    internal TimeProvider Clock => Options.Clock;

    /// <summary>The engine every typed store writes into.</summary>
    internal Database Database { get; }

    /// <summary>
    /// The file system the store's files live on (the local one, or a test double), under the encryption layer when the
    /// store is encrypted: blob and temporary files written through it are encrypted as the engine's are.
    /// </summary>
    internal IFileSystem FileSystem => _fs;

    /// <summary>The directory of large blob files, beside the engine's.</summary>
    internal string BlobDirectory => Path.Combine(Directory, "blobs");

    /// <summary>Every committed change in commit order, for the typed stores' <c>WatchAsync</c>.</summary>
    internal ChangeFeed Feed { get; }

    /// <summary>
    /// The engine's compaction filter, which routes each value to its keyspace's filter: the key-value store's TTL
    /// filter is registered at open; a store that reclaims by its own rule (time-series retention) registers its own.
    /// </summary>
    internal KeyspaceCompactionFilter CompactionFilters { get; }

    /// <summary>Locks over keys, for read-modify-write operations (compare-and-swap, transactions, document updates).</summary>
    internal KeyLocks Locks { get; } = new();

    /// <summary>Opens (or creates) the store in <paramref name="directory"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="DatabaseLockedException">The store is open already, in this process or another.</exception>
    /// <exception cref="UnsupportedFormatVersionException">A newer version of the engine wrote the store.</exception>
    /// <exception cref="StorageException">The store cannot be opened (I/O failure, damage).</exception>
    public static LocalStore Open(string directory, LocalStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return Open(LocalFileSystem.Instance, directory, options);
    }

    /// <summary>Opens the store on <paramref name="fs"/>: tests use in-memory and crash-cloning file systems.</summary>
    internal static LocalStore Open(IFileSystem fs, string directory, LocalStoreOptions? options = null)
    {
        options ??= LocalStoreOptions.Default;
        options.Validate();
        fs.CreateDirectory(directory);

        // One layer for every file of the store, so the blob files are encrypted as the engine's are.
        string engineDirectory = Path.Combine(directory, "db");
        fs = StoreEncryption.Wrap(fs, engineDirectory, options.Encryption);
        ChangeFeed feed = new(options.ChangeFeed);
        KeyspaceCompactionFilter filters = new();
        filters.Register(Keyspaces.KeyValue, new TtlCompactionFilter(options.Clock));
        DatabaseOptions databaseOptions = options.Database with { Encryption = options.Encryption, CompactionFilter = filters };
        LsmOptions engineOptions = databaseOptions.ToLsmOptions() with
        {
            CommitObserver = feed,
            RetainedLogBytes = options.ChangeFeed.RetainedLogBytes,
        };
        Database database = new(LsmDatabase.Open(fs, engineDirectory, engineOptions));
        try
        {
            CheckFormat(database, directory);
            using (Snapshot now = database.GetSnapshot())
            {
                feed.Start(database.Underlying, now.Sequence);
            }

            fs.CreateDirectory(Path.Combine(directory, "blobs"));
            LocalStore store = new(fs, directory, database, feed, options, filters);
            store.OpenBlobs();
            return store;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Closes the store. Later calls on it, or on the typed stores taken from it, throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Database.Dispose();
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the store is closed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void CheckFormat(Database database, string directory)
    {
        byte[]? stored = database.Get(s_formatKey);
        if (stored is null)
        {
            Span<byte> version = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(version, FormatVersion);
            database.Put(s_formatKey, version, Durability.Synced);
            return;
        }

        if (stored.Length != 8)
        {
            throw new CorruptionException(directory, s_formatKey, $"the format record holds {stored.Length} bytes, not 8");
        }

        long found = BinaryPrimitives.ReadInt64BigEndian(stored);
        if (found > FormatVersion)
        {
            throw new UnsupportedFormatVersionException(directory, found, FormatVersion);
        }
    }
}
