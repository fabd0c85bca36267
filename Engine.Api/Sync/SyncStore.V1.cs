using System;
using System.IO;
using System.Linq;
using Engine.Api.Sync.V1;

namespace Engine.Api.Sync;

/// <summary>Creating a store from a reference v1 <c>.c1z</c> file (shared/spec/baton-storage.md, section 9).</summary>
public sealed partial class SyncStore
{
    /// <summary>
    /// Creates a new store in <paramref name="directory"/> (absent or empty) holding every sync of the v1 file at
    /// <paramref name="c1zPath"/>, with ids, instants, tokens and blob bytes kept and the reference's migrations and grant
    /// backfill applied (<see cref="V1Import"/>), and makes it durable. On any failure nothing is left behind: the store is
    /// disposed and what it wrote in <paramref name="directory"/> is deleted.
    /// </summary>
    /// <param name="c1zPath">The v1 file.</param>
    /// <param name="directory">Where the store is created.</param>
    /// <param name="options">The store's settings (writable); null for the defaults.</param>
    /// <param name="importOptions">The decoder limits, time zone and temp directory; null for the defaults.</param>
    /// <returns>The open store; no sync is bound.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is read-only.</exception>
    /// <exception cref="StorageException">AlreadyExists: <paramref name="directory"/> is not empty; as <see cref="V1Import.Import"/>.</exception>
    public static SyncStore CreateFromV1(string c1zPath, string directory, SyncStoreOptions? options = null, V1ImportOptions? importOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(c1zPath);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= SyncStoreOptions.Default;
        if (options.ReadOnly)
        {
            throw new ArgumentException("A store created from a v1 file must be writable.", nameof(options));
        }

        bool existed = Directory.Exists(directory);
        if (existed && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new StorageException(StorageErrorCode.AlreadyExists, $"cannot create a store from '{c1zPath}' in '{directory}': the directory is not empty");
        }

        SyncStore? store = null;
        try
        {
            store = Open(directory, options with { Database = options.Database with { CreateIfMissing = true } });
            V1Import.Import(c1zPath, store, importOptions);
            store.Db.Flush();
            return store;
        }
        catch
        {
            store?.Dispose();
            RemoveCreated(directory, existed);
            throw;
        }
    }

    /// <summary>Deletes what a failed creation wrote: the directory, or its content when it existed (empty) before.</summary>
    private static void RemoveCreated(string directory, bool existed)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        if (!existed)
        {
            Directory.Delete(directory, recursive: true);
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}
