using System;
using System.Diagnostics.CodeAnalysis;
using Engine.Api.Encryption;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;

namespace Engine.Api;

/// <summary>
/// An embedded, ordered key-value store on the local file system: keys and values are byte strings, keys sorted
/// bytewise. Writes are durable as asked (<see cref="Durability"/>), batches are atomic, snapshots and iterators see
/// one consistent point.
/// </summary>
/// <remarks>
/// <para>
/// Every member is thread-safe. A store directory can be open once at a time (a lock file guards it). Split by
/// concern: this file (open, writes, snapshots, close), <c>Database.Read.cs</c>, <c>Database.Maintenance.cs</c> and
/// <c>Database.Metrics.cs</c>.
/// </para>
/// <para>
/// Errors follow .NET conventions: a bad argument is an <see cref="ArgumentException"/> (or its
/// <see cref="ArgumentNullException"/> and <see cref="ArgumentOutOfRangeException"/> kinds), a call on a disposed
/// store, snapshot, iterator or batch an <see cref="ObjectDisposedException"/>. Failures of the store itself are
/// <see cref="StorageException"/>s with a <see cref="StorageErrorCode"/>; damaged files are reported as
/// <see cref="CorruptionException"/> naming the file and offset. After a failed log write or sync the store accepts no
/// more writes (reads go on); reopen it to recover every acknowledged write. Every range is lower bound inclusive,
/// upper bound exclusive (<see cref="KeyRange"/>).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using Database db = Database.Open("/var/lib/app/store");
/// db.Put("user:1"u8, "alice"u8, Durability.Synced);
/// byte[]? value = db.Get("user:1"u8);
/// foreach ((byte[] key, byte[] val) in db.Scan(KeyRange.Prefix("user:"u8))) { /* copies */ }
/// </code>
/// </example>
public sealed partial class Database : IDisposable
{
    /// <summary>The longest key, in bytes (64 KiB).</summary>
    public const int MaxKeySizeBytes = Defaults.MaxKeySizeBytes;

    /// <summary>The longest value, in bytes (256 MiB).</summary>
    public const int MaxValueSizeBytes = Defaults.MaxValueSizeBytes;

    private static readonly WriteOptions[] s_writeOptions =
    [
        new WriteOptions { Durability = Lsm.Options.Durability.Buffered },
        new WriteOptions { Durability = Lsm.Options.Durability.Flushed },
        new WriteOptions { Durability = Lsm.Options.Durability.Synced },
    ];

    private readonly LsmDatabase _inner;

    // Set once by Dispose; read without a lock, since a stale read only lets the engine report the closed store.
    private volatile bool _disposed;

    // Internal, not private, so that tests can wrap a store opened on an in-memory or crash-cloning file system.
    internal Database(LsmDatabase inner)
    {
        _inner = inner;
    }

    /// <summary>Opens (or creates) the store in <paramref name="directory"/>.</summary>
    /// <param name="directory">The store's directory; created if missing and <see cref="DatabaseOptions.CreateIfMissing"/>.</param>
    /// <param name="options">Settings; null for <see cref="DatabaseOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="StorageException">Invalid options (InvalidArgument), the store is open elsewhere (FailedPrecondition), no store and not creating (NotFound), or I/O failed.</exception>
    /// <exception cref="CorruptionException">A file the store needs is damaged.</exception>
    public static Database Open(string directory, DatabaseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return OpenOn(LocalFileSystem.Instance, directory, options);
    }

    /// <summary>Opens the store on <paramref name="fs"/>, under the encryption layer when the options ask for it.</summary>
    internal static Database OpenOn(IFileSystem fs, string directory, DatabaseOptions? options = null)
    {
        options ??= DatabaseOptions.Default;
        IFileSystem storeFs = StoreEncryption.Wrap(fs, directory, options.Encryption);
        return new Database(LsmDatabase.Open(storeFs, directory, options.ToLsmOptions()));
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The key or value is too long, or <paramref name="durability"/> is unknown.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed (FailedPrecondition), or I/O failed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, Durability durability = Durability.Flushed)
    {
        EnsureOpen();
        KeyArguments.CheckKey(key, nameof(key));
        KeyArguments.CheckValue(value, nameof(value));
        _inner.Put(key, value, Options(durability));
    }

    /// <summary>Deletes <paramref name="key"/>; deleting a missing key is not an error.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The key is too long, or <paramref name="durability"/> is unknown.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed (FailedPrecondition), or I/O failed.</exception>
    public void Delete(ReadOnlySpan<byte> key, Durability durability = Durability.Flushed)
    {
        EnsureOpen();
        KeyArguments.CheckKey(key, nameof(key));
        _inner.Delete(key, Options(durability));
    }

    /// <summary>Deletes every key in <c>[start, end)</c> with one write.</summary>
    /// <exception cref="ArgumentException">A bound is empty, or <paramref name="start"/> is not below <paramref name="end"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is too long, or <paramref name="durability"/> is unknown.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed (FailedPrecondition), or I/O failed.</exception>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end, Durability durability = Durability.Flushed)
    {
        EnsureOpen();
        KeyArguments.CheckRange(start, end);
        _inner.DeleteRange(start, end, Options(durability));
    }

    /// <summary>Commits every operation of <paramref name="batch"/> atomically.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="durability"/> is unknown.</exception>
    /// <exception cref="ObjectDisposedException">The store or the batch is disposed.</exception>
    /// <exception cref="StorageException">The store has failed, or I/O failed: then none of the batch is acknowledged.</exception>
    public void Write(WriteBatch batch, Durability durability = Durability.Flushed)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnsureOpen();
        _inner.Write(batch.Inner, Options(durability));
    }

    /// <summary>Pins the current state: reads through the snapshot see the store as it is now. Dispose it.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Snapshot GetSnapshot()
    {
        EnsureOpen();
        return new Snapshot(this, _inner.GetSnapshot());
    }

    /// <summary>
    /// Closes the store: background work finishes, buffered writes are made durable, the lock is released. Later calls
    /// throw <see cref="ObjectDisposedException"/>; a second dispose does nothing.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _inner.Dispose();
    }

    /// <summary>The engine underneath (its file system, for the sync store's packed artifacts).</summary>
    internal LsmDatabase Underlying => _inner;

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static WriteOptions Options(Durability durability)
    {
        if ((uint)durability >= (uint)s_writeOptions.Length)
        {
            ThrowUnknownDurability(durability);
        }

        return s_writeOptions[(int)durability];
    }

    [DoesNotReturn]
    private static void ThrowUnknownDurability(Durability durability) =>
        throw new ArgumentOutOfRangeException(nameof(durability), durability, "Not a member of Durability.");
}
