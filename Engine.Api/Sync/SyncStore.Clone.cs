using System;
using System.Collections.Generic;
using System.IO;
using Engine.Api.Sync.Artifact;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;
using Engine.Core.Storage;
using Engine.Lsm.Db;

namespace Engine.Api.Sync;

/// <summary>
/// Cloning one sync into a new packed artifact (shared/spec/baton-storage.md, section 1.12): the same sync id, every
/// record, index entry, asset and session value of it, copied as stored bytes; nothing else.
/// </summary>
public sealed partial class SyncStore
{
    // Set on first use of FileOps.
    private SyncStoreFileOps? _fileOps;

    /// <summary>Clones and diffs of syncs.</summary>
    public IFileOps FileOps => _fileOps ??= new SyncStoreFileOps(this);

    /// <summary>
    /// Writes a new packed artifact at <paramref name="outputPath"/> (docs/format/artifact.md) holding only the sync
    /// (the latest finished full sync when <paramref name="syncId"/> is empty): the same sync id, its records, indexes,
    /// assets and session values. The write is atomic; the source may be read-only.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="outputPath"/> is null or empty.</exception>
    /// <exception cref="StorageException">
    /// Checked in this order: AlreadyExists, the output path exists; NotFound, no such sync (or no finished full sync);
    /// FailedPrecondition, the sync has not ended. I/O failed.
    /// </exception>
    public void CloneSync(string outputPath, string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.CloneSync, syncId);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        IFileSystem fs = FileSystem;
        if (fs.Exists(outputPath) || fs.DirectoryExists(outputPath))
        {
            throw new StorageException(StorageErrorCode.AlreadyExists, $"clone-sync: output path ({outputPath}) must not exist");
        }

        Ksuid id;
        if (syncId.Length == 0)
        {
            if (LatestFinished(SyncType.Full, 0) is not (Ksuid latest, _))
            {
                SyncErrors.NotFound("clone-sync: no finished full sync available");
                return;
            }

            id = latest;
        }
        else
        {
            id = ExistingSync(syncId);
        }

        if (GetRun(id).EndedAtUnixNanos is null)
        {
            SyncErrors.FailedPrecondition($"clone-sync: sync '{id}' is not ended");
        }

        string scratch = ScratchDirectory.Create(fs, TempRoot, "clone");
        string directory = Path.Combine(scratch, ArtifactStoreDirectoryName);
        try
        {
            LsmDatabase inner = LsmDatabase.Open(fs, directory, (_options.Database with { CreateIfMissing = true, ErrorIfExists = true }).ToLsmOptions());
            using SyncStore clone = Open(inner, directory, _options with { ReadOnly = false });
            CopySyncInto(clone, id);
            clone.PackTo(outputPath);
        }
        finally
        {
            ScratchDirectory.Delete(fs, scratch, ArtifactStoreDirectoryName);
        }
    }

    /// <summary>
    /// The same contract and output as <see cref="CloneSync"/>: the reference copies the whole file and deletes the other
    /// syncs, which gives the same result at the cost of copying them; here only the sync is copied.
    /// </summary>
    public void CopyIsolateSync(string outputPath, string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.CopyIsolateSync, syncId);
        CloneSync(outputPath, syncId);
    }

    /// <summary>
    /// Copies every key of sync <paramref name="id"/> (each sync-scoped keyspace) into the empty store
    /// <paramref name="target"/> as stored, from one snapshot, with the run record renumbered first in creation order.
    /// </summary>
    private void CopySyncInto(SyncStore target, Ksuid id)
    {
        using Snapshot snapshot = Db.GetSnapshot();
        using (ChunkedBatch batch = new(target.Db))
        {
            foreach (Keyspace keyspace in SyncKeys.SyncScoped)
            {
                foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(SyncKeys.SyncRange(keyspace, id), snapshot))
                {
                    batch.Put(entry.Key, entry.Value);
                }
            }
        }

        SyncRunRecord run = ParseRun(SyncKeys.SyncRunKey(id), Db.Get(SyncKeys.SyncRunKey(id), snapshot)!);
        run.Sequence = 1;
        target.PutRun(run, id, Durability.Synced);
    }
}
