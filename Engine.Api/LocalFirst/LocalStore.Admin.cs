using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Admin;
using Engine.Api.LocalFirst.Blobs;
using Engine.Api.LocalFirst.Documents.Indexes;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Salvage;

namespace Engine.Api.LocalFirst;

/// <summary>Backup (checkpoint and restore), the store check and salvage, over the engine and the blob files.</summary>
public sealed partial class LocalStore
{
    private const string DatabaseDirectoryName = "db";
    private const string BlobDirectoryName = "blobs";

    // The typed stores' checks run by VerifyAsync. A typed store with invariants the engine's checksums cannot see
    // (blob hashes, document indexes) adds its check here.
    private static readonly ILocalStoreCheck[] s_checks = [new BlobStoreCheck(), new DocumentIndexCheck()];

    // Checks added to this instance after it opened (tests, stores created at run time); guarded by itself.
    private readonly List<ILocalStoreCheck> _extraChecks = [];

    /// <summary>
    /// Held while a checkpoint copies blob files, and by the blob store while it deletes one: a blob deleted after the
    /// checkpoint's point in the write order must not lose its file before the checkpoint copied it.
    /// </summary>
    internal Lock BlobFileGate { get; } = new();

    /// <summary>
    /// The committed blob files (paths relative to <see cref="BlobDirectory"/>) that a checkpoint copies; null lists every
    /// file directly in the directory except temporary ones (<see cref="BlobFiles.IsTemporary"/>). The blob store sets
    /// it to list exactly the files its records reference.
    /// </summary>
    internal Func<IReadOnlyList<string>>? ListBlobFiles { get; set; }

    /// <summary>
    /// Writes a consistent copy of the store into <paramref name="targetDirectory"/> while it keeps running: the engine's
    /// checkpoint (every write acknowledged before the call and possibly some made during it, always a prefix of the
    /// commit order with each batch whole) and the blob files. Opening the copy, or <see cref="RestoreAsync"/>, restores it.
    /// </summary>
    /// <remarks>
    /// Tables and blob files are copied byte for byte (both are immutable once written; .NET offers no managed hard
    /// link), so the target needs room for a full copy. Runs on a thread of its own; writes and reads go on meanwhile.
    /// </remarks>
    /// <param name="targetDirectory">The target: created if missing; if it exists it must be empty.</param>
    /// <param name="cancellationToken">Cancels the checkpoint if it has not started yet; a started one runs to its end.</param>
    /// <exception cref="ArgumentException"><paramref name="targetDirectory"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The target holds files (AlreadyExists), the store has failed, or I/O failed.</exception>
    public ValueTask CheckpointAsync(string targetDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ThrowIfDisposed();
        return new ValueTask(RunLongAsync(() => Checkpoint(targetDirectory), cancellationToken));
    }

    /// <summary>
    /// Moves the store's files to the key provider's current key (<c>docs/format/encryption.md</c>, "Rotation"): new
    /// files always take the current key; with <paramref name="rewriteAll"/> a full compaction and a new WAL and
    /// manifest rewrite every engine file, and every committed blob file (content and multipart parts) is rewritten,
    /// after which no file of the store names an older key and the provider may forget it.
    /// </summary>
    /// <remarks>
    /// Each blob file is copied under the current key into <c>blobs/tmp</c>, synced and renamed over the original, while
    /// <see cref="BlobFileGate"/> keeps checkpoints and deletes out; a crash leaves each file under the old key or the
    /// new one, whole. Reads go on meanwhile. On a plain store only the engine's files are rewritten.
    /// </remarks>
    /// <param name="rewriteAll">Rewrite every engine and blob file now, rather than as compaction reaches it.</param>
    /// <param name="cancellationToken">Cancels the rotation if it has not started yet.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed, or I/O failed.</exception>
    public ValueTask RotateKeysAsync(bool rewriteAll, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return new ValueTask(RunLongAsync(
            () =>
            {
                Database.RotateKeys(rewriteAll);
                if (rewriteAll && Options.Encryption is not null)
                {
                    RewriteBlobFiles();
                }
            },
            cancellationToken));
    }

    /// <summary>
    /// Checks the whole store: the engine's <see cref="Database.Verify"/> (every table block and live WAL record against
    /// its checksum, the manifest against the files) and every typed store's own check. Problems are reported, not thrown.
    /// </summary>
    /// <param name="cancellationToken">Cancels before the check starts and between the typed stores' checks.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store's directory cannot be listed.</exception>
    public ValueTask<LocalStoreVerifyReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        VerifyReport engine = Database.Verify();
        List<LocalStoreProblem> problems = [];
        foreach (ILocalStoreCheck check in Checks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            check.Check(this, problems, cancellationToken);
        }

        return ValueTask.FromResult(new LocalStoreVerifyReport { Engine = engine, StoreProblems = problems });
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="CheckpointAsync"/> into a new directory, opens the result and verifies
    /// it; the restored store is closed again when this completes.
    /// </summary>
    /// <param name="checkpointDirectory">The checkpoint; only read.</param>
    /// <param name="targetDirectory">Where the store is restored: created if missing; if it exists it must be empty.</param>
    /// <param name="options">How the restored store is opened for the check (an encrypted store needs its keys); null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the restore if it has not started yet.</param>
    /// <exception cref="ArgumentException">A directory is null or empty.</exception>
    /// <exception cref="StorageException">
    /// The checkpoint directory holds no checkpoint (NotFound), the target is not empty (AlreadyExists), or I/O failed.
    /// </exception>
    /// <exception cref="CorruptionException">The restored store fails its check: the first problem found, with its file and offset.</exception>
    public static ValueTask RestoreAsync(string checkpointDirectory, string targetDirectory, LocalStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        return new ValueTask(RunLongAsync(() => Restore(LocalFileSystem.Instance, checkpointDirectory, targetDirectory, options), cancellationToken));
    }

    /// <summary>
    /// Salvages a damaged store: copies every intact record of its engine (see <see cref="Database.Salvage"/>) and every
    /// readable blob file into a new store in <paramref name="targetDirectory"/>, and reports what was lost.
    /// </summary>
    /// <param name="sourceDirectory">The damaged store; it must not be open, and is only read.</param>
    /// <param name="targetDirectory">Where the new store is created: missing or empty.</param>
    /// <param name="options">Settings of the new store's engine; null for the defaults.</param>
    /// <returns>Keys recovered, and every table, block, WAL record and blob file lost with its file and offset.</returns>
    /// <exception cref="ArgumentException">A directory is null or empty.</exception>
    /// <exception cref="DatabaseLockedException">The source store is open.</exception>
    /// <exception cref="StorageException">No store at the source (NotFound), a non-empty target (AlreadyExists), or I/O failed.</exception>
    public static LocalStoreSalvageReport Salvage(string sourceDirectory, string targetDirectory, LocalStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        return Salvage(LocalFileSystem.Instance, sourceDirectory, targetDirectory, options);
    }

    /// <summary>Adds a check that <see cref="VerifyAsync"/> runs after the typed stores' own.</summary>
    internal void AddCheck(ILocalStoreCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        lock (_extraChecks)
        {
            _extraChecks.Add(check);
        }
    }

    /// <summary><see cref="Salvage(string, string, LocalStoreOptions?)"/> on <paramref name="fs"/>.</summary>
    internal static LocalStoreSalvageReport Salvage(IFileSystem fs, string sourceDirectory, string targetDirectory, LocalStoreOptions? options)
    {
        options ??= LocalStoreOptions.Default;
        options.Validate();
        ThrowIfNotEmpty(fs, targetDirectory, "salvage target");
        SalvageReport engine = StoreSalvager.Salvage(
            fs, Path.Combine(sourceDirectory, DatabaseDirectoryName), Path.Combine(targetDirectory, DatabaseDirectoryName), options.Database.ToLsmOptions());

        string from = Path.Combine(sourceDirectory, BlobDirectoryName);
        string to = Path.Combine(targetDirectory, BlobDirectoryName);
        fs.CreateDirectory(to);
        int copied = 0;
        List<SalvageLoss> lost = [];
        foreach (string name in BlobFiles.List(fs, from))
        {
            try
            {
                FileCopy.Copy(fs, Path.Combine(from, name), Path.Combine(to, name));
                copied++;
            }
            catch (StorageException ex)
            {
                lost.Add(new SalvageLoss(Path.Combine(from, name), null, ex.Message));
            }
        }

        return new LocalStoreSalvageReport { Engine = engine, BlobFilesCopied = copied, BlobFilesLost = lost };
    }

    /// <summary>The checkpoint itself, on the calling thread.</summary>
    internal void Checkpoint(string targetDirectory)
    {
        ThrowIfDisposed();
        ThrowIfNotEmpty(_fs, targetDirectory, "checkpoint directory");
        _fs.CreateDirectory(targetDirectory);

        // The gate keeps every blob file committed at the engine checkpoint's point in place until it is copied; blob
        // files committed later are copied too, harmlessly, since nothing in the copy references them.
        lock (BlobFileGate)
        {
            Database.Checkpoint(Path.Combine(targetDirectory, DatabaseDirectoryName));
            IReadOnlyList<string> blobs = ListBlobFiles?.Invoke() ?? BlobFiles.List(_fs, BlobDirectory);
            BlobFiles.Copy(_fs, BlobDirectory, Path.Combine(targetDirectory, BlobDirectoryName), blobs);
        }
    }

    /// <summary>
    /// Rewrites every committed blob file through the store's file system, so that each takes the current key. One
    /// file at a time under <see cref="BlobFileGate"/>: a checkpoint never copies a half-replaced file, and a blob
    /// deleted meanwhile is skipped.
    /// </summary>
    internal void RewriteBlobFiles()
    {
        ThrowIfDisposed();
        IReadOnlyList<string> names = ListBlobFiles?.Invoke() ?? BlobFiles.List(_fs, BlobDirectory);
        string temp = Path.Combine(BlobDirectory, "tmp");
        foreach (string name in names)
        {
            lock (BlobFileGate)
            {
                BlobFiles.Rewrite(_fs, BlobDirectory, name, temp);
            }
        }
    }

    /// <summary>The restore itself, on the calling thread, on <paramref name="fs"/>.</summary>
    internal static void Restore(IFileSystem fs, string checkpointDirectory, string targetDirectory, LocalStoreOptions? options)
    {
        string database = Path.Combine(checkpointDirectory, DatabaseDirectoryName);
        if (!fs.Exists(Path.Combine(database, "CURRENT")))
        {
            ThrowHelper.ThrowNotFound($"'{checkpointDirectory}' holds no checkpoint of a local store (no '{DatabaseDirectoryName}/CURRENT').");
        }

        ThrowIfNotEmpty(fs, targetDirectory, "restore target");
        List<string> tables = [];
        foreach (string name in fs.List(database))
        {
            // The lock file belongs to whoever holds it; the restored store takes its own.
            if (name != "LOCK")
            {
                tables.Add(name);
            }
        }

        BlobFiles.Copy(fs, database, Path.Combine(targetDirectory, DatabaseDirectoryName), tables);
        BlobFiles.Copy(fs, Path.Combine(checkpointDirectory, BlobDirectoryName), Path.Combine(targetDirectory, BlobDirectoryName), BlobFiles.List(fs, Path.Combine(checkpointDirectory, BlobDirectoryName)));

        using LocalStore restored = Open(fs, targetDirectory, options);
        LocalStoreVerifyReport report = restored.VerifyAsync().AsTask().GetAwaiter().GetResult();
        if (!report.IsHealthy)
        {
            VerifyProblem? first = report.Engine.Problems.Count > 0 ? report.Engine.Problems[0] : null;
            throw new CorruptionException(
                first?.FilePath ?? targetDirectory,
                first?.Offset ?? -1,
                $"the restored store fails its check ({report.Problems.Count} problems; the first: {report.Problems[0]})");
        }
    }

    private static void ThrowIfNotEmpty(IFileSystem fs, string directory, string what)
    {
        if (fs.DirectoryExists(directory) && fs.List(directory).Count > 0)
        {
            ThrowHelper.ThrowAlreadyExists($"The {what} '{directory}' is not empty.");
        }

        // Subdirectories are invisible to a listing of files; the store's own two are checked by name.
        foreach (string sub in (ReadOnlySpan<string>)[DatabaseDirectoryName, BlobDirectoryName])
        {
            string path = Path.Combine(directory, sub);
            if (fs.DirectoryExists(path) && fs.List(path).Count > 0)
            {
                ThrowHelper.ThrowAlreadyExists($"The {what} '{directory}' is not empty: '{path}' holds files.");
            }
        }
    }

    private IEnumerable<ILocalStoreCheck> Checks()
    {
        ILocalStoreCheck[] extra;
        lock (_extraChecks)
        {
            extra = [.. _extraChecks];
        }

        return [.. s_checks, .. extra];
    }

    /// <summary>Runs synchronous I/O on a thread of its own, so that a host's thread pool is not held by it.</summary>
    private static Task RunLongAsync(Action work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
