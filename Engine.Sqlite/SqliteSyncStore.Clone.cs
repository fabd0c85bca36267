using System;
using System.IO;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>
/// Cloning one sync into a new v1 <c>.c1z</c> (shared/spec/baton-storage.md, section 1.12): the same sync id, its rows
/// in every table and its session rows, in a fresh database, written atomically.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>
    /// Writes a v1 <c>.c1z</c> at <paramref name="outputPath"/> holding only the sync (the latest finished full sync when
    /// <paramref name="syncId"/> is empty). Checked in this order: AlreadyExists, the output exists; NotFound, no such
    /// sync (or no finished full sync); FailedPrecondition, the sync has not ended.
    /// </summary>
    public void CloneSync(string outputPath, string syncId)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(syncId);
        string id;
        lock (_lock)
        {
            ThrowIfClosedLocked();
            if (File.Exists(outputPath) || Directory.Exists(outputPath))
            {
                throw new StorageException(StorageErrorCode.AlreadyExists, $"clone-sync: output path ({outputPath}) must not exist");
            }

            SyncRunRecord run;
            if (syncId.Length == 0)
            {
                if (LatestFinishedLocked(SyncType.Full, 0) is not SyncRunRecord latest)
                {
                    SyncErrors.NotFound("clone-sync: no finished full sync available");
                    return;
                }

                run = latest;
            }
            else
            {
                run = ExistingRunLocked(syncId);
            }

            if (run.EndedAtUnixNanos is null)
            {
                SyncErrors.FailedPrecondition($"clone-sync: sync '{run.SyncId}' is not ended");
            }

            id = run.SyncId;
        }

        V1Export.Export(this, outputPath, id, _options.TempDirectory, _options.TimeProvider);
    }

    /// <summary>The same contract and output as <see cref="CloneSync"/> (the reference copies the file and deletes the other syncs; the result is the same).</summary>
    public void CopyIsolateSync(string outputPath, string syncId) => CloneSync(outputPath, syncId);
}
