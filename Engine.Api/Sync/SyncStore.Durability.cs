using System;
using System.IO;
using Engine.Api.Sync.Artifact;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Storage;

namespace Engine.Api.Sync;

/// <summary>
/// Close, the modified check and the store's size (shared/spec/baton-storage.md, section 1.15): a store opened from a
/// packed artifact saves it at Close when modified; a read-only store that was modified refuses to.
/// </summary>
public sealed partial class SyncStore
{
    // Set once by OpenArtifact before the store is handed out: the packed artifact the store was opened from and saves
    // to, and the scratch directory holding its working copy (deleted when the store is disposed). Null for a store
    // opened on a directory.
    private string? _artifactPath;
    private string? _workDirectory;

    // The key-value store's last write when the store opened. A later one at Close means something wrote, through
    // this API (which also sets _dirty) or around it, as the reference's side-channel test does.
    private readonly ulong _openedAtSequence;

    /// <summary>
    /// Saves when modified and writable (a store opened from a packed artifact repacks it atomically: <c>path.tmp</c>,
    /// fsync, rename), then closes. Idempotent. Nothing is rewritten when nothing changed.
    /// </summary>
    /// <exception cref="StorageException">
    /// ReadOnly: the store is read-only and was modified (it is closed, nothing saved). Any failure to repack: the
    /// previous artifact is intact and the store stays open, so Close may be retried.
    /// </exception>
    public void Close()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.Close);
        lock (_stateLock)
        {
            if (_closed)
            {
                return;
            }
        }

        if (IsModified())
        {
            if (_options.ReadOnly)
            {
                Dispose();
                SyncErrors.ReadOnly($"the read-only sync store '{OutputPath}' was modified; nothing was saved");
            }

            if (_artifactPath is not null)
            {
                PackTo(_artifactPath);
            }
        }

        lock (_stateLock)
        {
            _dirty = false;
        }

        Dispose();
    }

    /// <summary>The bytes of the store's files: its directory, or for a packed artifact the unpacked working copy.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public long CurrentSizeBytes()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.CurrentSizeBytes);
        ThrowIfClosed();
        IFileSystem fs = FileSystem;
        long total = 0;
        foreach (string name in fs.List(_path))
        {
            try
            {
                total += fs.GetLength(Path.Combine(_path, name));
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
            {
                // A compaction deleted the file since the listing: it no longer takes space.
            }
        }

        return total;
    }

    /// <summary>The file system the store's files are on.</summary>
    private IFileSystem FileSystem => _database.Underlying.FileSystem;

    /// <summary>Where scratch directories go: the option, else the system's temp directory.</summary>
    private string TempRoot => _options.TempDirectory ?? Path.GetTempPath();

    /// <summary>True when a mutating call ran, or anything wrote to the key-value store, since the store opened.</summary>
    private bool IsModified() => IsDirty || LastWriteSequence() != _openedAtSequence;

    /// <summary>The sequence number of the key-value store's last write.</summary>
    private ulong LastWriteSequence()
    {
        using Snapshot snapshot = Db.GetSnapshot();
        return snapshot.Sequence;
    }

    /// <summary>Removes an artifact store's working copy once its key-value store is closed; nothing for a directory store.</summary>
    private void DeleteWorkDirectory()
    {
        if (_workDirectory is not null)
        {
            ScratchDirectory.Delete(FileSystem, _workDirectory, ArtifactStoreDirectoryName);
        }
    }
}
