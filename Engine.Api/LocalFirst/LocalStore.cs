using System;
using System.Buffers.Binary;
using System.IO;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Core.Storage;
using Engine.Lsm.Db;

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

    private LocalStore(IFileSystem fs, string directory, Database database, LocalStoreOptions options)
    {
        _fs = fs;
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

    /// <summary>The file system the store's files live on (the local one, or a test double).</summary>
    internal IFileSystem FileSystem => _fs;

    /// <summary>The directory of large blob files, beside the engine's.</summary>
    internal string BlobDirectory => Path.Combine(Directory, "blobs");

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
        Database database = new(LsmDatabase.Open(fs, Path.Combine(directory, "db"), options.Database.ToLsmOptions()));
        try
        {
            CheckFormat(database, directory);
            fs.CreateDirectory(Path.Combine(directory, "blobs"));
            LocalStore store = new(fs, directory, database, options);
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
