using System;
using System.Collections.Generic;
using System.IO;
using Engine.Api.Sync.Artifact;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;
using Engine.Core.Storage;
using Engine.Lsm.Db;

namespace Engine.Api.Sync;

/// <summary>
/// The packed single-file artifact (docs/format/artifact.md): packing a store into one file and opening a store from
/// one, unpacked into a scratch directory.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The subdirectory of an artifact store's scratch directory that holds the unpacked store.</summary>
    private const string ArtifactStoreDirectoryName = "store";

    /// <summary>The subdirectory of a pack's scratch directory that holds the checkpoint being packed.</summary>
    private const string PackCheckpointDirectoryName = "checkpoint";

    /// <summary>The file of a pack's scratch directory that gathers the compressed frames.</summary>
    private const string PackSpoolFileName = "frames.zst";

    /// <summary>
    /// Opens the store packed in <paramref name="artifactPath"/>: unpacked (every file's length and XXH64 checked) into
    /// a scratch directory under <see cref="SyncStoreOptions.TempDirectory"/>, and opened there. A missing or empty
    /// artifact opens as a new, empty store. <see cref="Close"/> repacks the artifact when the store was modified and
    /// deletes the scratch directory; <see cref="Dispose"/> only deletes it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="artifactPath"/> is null or empty.</exception>
    /// <exception cref="StorageException">
    /// InvalidArgument: the file is not our artifact (the reference's v1 and v3 files are named as such), a directory, or
    /// of a version or engine this code does not read. ResourceExhausted: it declares more than the decoded-size limit.
    /// I/O failed.
    /// </exception>
    /// <exception cref="CorruptionException">The artifact is damaged or truncated; the message names the store file.</exception>
    public static SyncStore OpenArtifact(string artifactPath, SyncStoreOptions? options = null) =>
        OpenArtifact(LocalFileSystem.Instance, artifactPath, options);

    /// <summary>Opens a packed artifact on <paramref name="fs"/> (tests: an in-memory or crash-simulating one).</summary>
    internal static SyncStore OpenArtifact(IFileSystem fs, string artifactPath, SyncStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        options ??= SyncStoreOptions.Default;
        options.Validate();
        if (fs.DirectoryExists(artifactPath))
        {
            SyncErrors.InvalidArgument($"'{artifactPath}' is a directory, not a packed artifact: open it with Open");
        }

        string work = ScratchDirectory.Create(fs, options.TempDirectory ?? Path.GetTempPath(), "open");
        string directory = Path.Combine(work, ArtifactStoreDirectoryName);
        try
        {
            if (fs.Exists(artifactPath) && fs.GetLength(artifactPath) > 0)
            {
                ArtifactReader.Unpack(fs, artifactPath, directory);
            }

            // The working copy is ours alone: created here even for a read-only store, which then refuses writes.
            LsmDatabase inner = LsmDatabase.Open(fs, directory, (options.Database with { CreateIfMissing = true, ErrorIfExists = false }).ToLsmOptions());
            SyncStore store = Open(inner, directory, options);
            store._artifactPath = artifactPath;
            store._workDirectory = work;
            store._payloadEncoding = ArtifactFormat.PayloadEncoding;
            return store;
        }
        catch
        {
            ScratchDirectory.Delete(fs, work, ArtifactStoreDirectoryName);
            throw;
        }
    }

    /// <summary>
    /// Packs the store into <paramref name="artifactPath"/> atomically (<c>path.tmp</c>, fsync, rename): a checkpoint
    /// of the open store (every write acknowledged before the call), or the directory of a closed one. Writes may go on
    /// meanwhile. On failure the previous file at <paramref name="artifactPath"/>, if any, is intact.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="artifactPath"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store was opened from an artifact and is closed (its working copy is gone).</exception>
    /// <exception cref="StorageException">I/O failed; FailedPrecondition: the closed store's directory is open elsewhere.</exception>
    public void Pack(string artifactPath)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.Pack);
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        bool closed;
        lock (_stateLock)
        {
            closed = _closed;
        }

        if (!closed)
        {
            PackTo(artifactPath);
            return;
        }

        ObjectDisposedException.ThrowIf(_artifactPath is not null, this);

        // A closed directory store: reopened read-only for the checkpoint, which also locks the directory meanwhile.
        LsmDatabase inner = LsmDatabase.Open(FileSystem, _path, (_options.Database with { CreateIfMissing = false }).ToLsmOptions());
        using SyncStore reopened = Open(inner, _path, _options with { ReadOnly = true });
        reopened.PackTo(artifactPath);
    }

    /// <summary>Checkpoints the open store into a scratch directory and packs that.</summary>
    private void PackTo(string artifactPath)
    {
        IFileSystem fs = FileSystem;
        string scratch = ScratchDirectory.Create(fs, TempRoot, "pack");
        try
        {
            // The summaries are read before the checkpoint, so every sync they list is in it.
            ArtifactManifest manifest = new() { Syncs = SyncSummaries() };
            string checkpoint = Path.Combine(scratch, PackCheckpointDirectoryName);
            Db.Checkpoint(checkpoint);
            ArtifactWriter.Write(fs, checkpoint, artifactPath, manifest, Path.Combine(scratch, PackSpoolFileName));
        }
        finally
        {
            ScratchDirectory.Delete(fs, scratch, PackCheckpointDirectoryName);
        }
    }

    /// <summary>Every sync run, in creation order, as the manifest lists them.</summary>
    private List<ArtifactSyncSummary> SyncSummaries()
    {
        List<ArtifactSyncSummary> syncs = [];
        foreach ((Ksuid _, SyncRunRecord run) in RunsInCreationOrder())
        {
            syncs.Add(new ArtifactSyncSummary
            {
                SyncId = run.SyncId,
                SyncType = run.SyncType,
                StartedAtUnixNanos = run.StartedAtUnixNanos,
                EndedAtUnixNanos = run.EndedAtUnixNanos,
                ParentSyncId = run.ParentSyncId,
                Stats = run.Stats,
            });
        }

        return syncs;
    }
}
