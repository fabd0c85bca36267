using System;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api;

/// <summary>Flush, compaction, checkpoints and the store check, with <c>Task</c>-returning forms for server hosts.</summary>
public sealed partial class Database
{
    /// <summary>Writes the memtable to a table and waits until every frozen memtable is on disk.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed, or I/O failed.</exception>
    public void Flush()
    {
        EnsureOpen();
        _inner.Flush();
    }

    /// <summary><see cref="Flush"/> on a dedicated thread, so a host's thread pool is not held by its I/O.</summary>
    /// <param name="cancellationToken">Cancels the flush if it has not started yet; a started flush runs to its end.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        return RunLongAsync(Flush, cancellationToken);
    }

    /// <summary>
    /// Compacts every table holding keys in <paramref name="range"/> (lower bound inclusive, upper bound exclusive,
    /// as everywhere) down the tree, dropping overwritten and deleted entries that no snapshot can see.
    /// <c>Compact()</c> compacts the whole store. Runs on the calling thread; automatic compactions pause meanwhile;
    /// reads and writes go on.
    /// </summary>
    /// <param name="range">The keys whose tables are compacted; <c>default</c> (<see cref="KeyRange.All"/>) for every table.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed, or I/O failed.</exception>
    public void Compact(KeyRange range = default)
    {
        EnsureOpen();
        _inner.CompactRange(range.Lower, range.Upper);
    }

    /// <summary><see cref="Compact"/> on a dedicated thread, so a host's thread pool is not held by its I/O.</summary>
    /// <param name="range">The keys whose tables are compacted; <c>default</c> for every table.</param>
    /// <param name="cancellationToken">Cancels the compaction if it has not started yet; a started one runs to its end.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task CompactAsync(KeyRange range = default, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        return RunLongAsync(() => Compact(range), cancellationToken);
    }

    /// <summary>
    /// Moves the store's files to the key provider's current key. New files always take the current key; this writes the
    /// small files again (a new write-ahead log, manifest and options file) and, with <paramref name="rewriteAll"/>,
    /// every table through a full compaction, after which no file of the store names an older key and the provider may
    /// forget it. Without <paramref name="rewriteAll"/>, tables move to the new key as compaction rewrites them. Writes
    /// wait while the log is switched; reads go on. On a plain store it only rewrites the files.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The store has failed, or I/O failed.</exception>
    public void RotateKeys(bool rewriteAll)
    {
        EnsureOpen();
        _inner.RewriteFiles(rewriteAll);
    }

    /// <summary><see cref="RotateKeys"/> on a dedicated thread, so a host's thread pool is not held by its I/O.</summary>
    /// <param name="rewriteAll">Rewrite every table too (a full compaction).</param>
    /// <param name="cancellationToken">Cancels the rotation if it has not started yet; a started one runs to its end.</param>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task RotateKeysAsync(bool rewriteAll, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        return RunLongAsync(() => RotateKeys(rewriteAll), cancellationToken);
    }

    /// <summary>
    /// Writes a consistent copy of the store into <paramref name="directory"/> while reads and writes go on. The copy
    /// holds every write acknowledged before the call and possibly some made during it, always a prefix of the write
    /// order (never a later write without an earlier one). To restore, open the directory with <see cref="Open"/>.
    /// </summary>
    /// <remarks>
    /// The memtable is flushed first, so the copy needs no log; then the tables of the current version are copied
    /// (they are kept from deletion while copying) and a manifest describing exactly them is written, <c>CURRENT</c>
    /// last, every file synced. Tables are copied byte for byte: hard links would be faster, but .NET has no portable
    /// managed API to create them, so the target needs room for a full copy of the tables.
    /// </remarks>
    /// <param name="directory">The target directory: created if missing; if it exists it must hold no files.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">
    /// The target holds files (AlreadyExists), or another checkpoint is writing it (FailedPrecondition); the store has
    /// failed (FailedPrecondition); I/O failed. Files written into the target are removed on failure.
    /// </exception>
    /// <exception cref="CorruptionException">A table's size differs from the manifest's record of it.</exception>
    public void Checkpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        EnsureOpen();
        _inner.Checkpoint(directory);
    }

    /// <summary><see cref="Checkpoint"/> on a dedicated thread, so a host's thread pool is not held by its I/O.</summary>
    /// <param name="directory">The target directory: created if missing; if it exists it must hold no files.</param>
    /// <param name="cancellationToken">Cancels the checkpoint if it has not started yet; a started one runs to its end.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task CheckpointAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        EnsureOpen();
        return RunLongAsync(() => Checkpoint(directory), cancellationToken);
    }

    /// <summary>
    /// Checks the store while it runs: reads every table block by block (checksums, key order, bounds against the
    /// manifest), checks the level invariants (L0 newest first, no overlap below, newer versions of a key never below
    /// older ones), that every table the manifest lists exists, and reads every WAL the store still needs record by
    /// record (checksums and batch framing). Problems are reported, not thrown.
    /// </summary>
    /// <remarks>
    /// Reads every table twice (once per table, once merged across levels), through its own mappings rather than the
    /// store's caches, so it costs about two full scans of the data on disk. Writes, flushes and compactions go on.
    /// The memtable is not checked: it has not been written to a table yet.
    /// </remarks>
    /// <returns>The problems found and the counts of what was read; <see cref="VerifyReport.IsHealthy"/> when none.</returns>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The directory cannot be listed.</exception>
    public VerifyReport Verify()
    {
        EnsureOpen();
        return _inner.Verify();
    }

    /// <summary>
    /// Salvages a damaged store: copies every intact record of the store in <paramref name="sourceDirectory"/> into a
    /// new store in <paramref name="targetDirectory"/> and reports what was lost. The source is only read.
    /// </summary>
    /// <remarks>
    /// <para>
    /// For a store that no longer opens, or whose <see cref="Verify"/> reports damage. The tables the manifest lists are
    /// read block by block, skipping (and reporting, with file and offset) every block whose checksum fails; the WALs
    /// are read record by record, skipping damaged records. Of each key the newest intact entry wins, deletions and
    /// range deletions included, and the survivors are written into the new store. When the manifest itself is
    /// damaged every table and WAL in the directory is read (<see cref="SalvageReport.ManifestLost"/>).
    /// </para>
    /// <para>
    /// A lost block may have held the newest version of a key, so a salvaged key can come back with an older value or
    /// come back after a deletion: every such possibility is named in <see cref="SalvageReport.Losses"/>. Everything
    /// salvaged is held in memory before it is written.
    /// </para>
    /// </remarks>
    /// <param name="sourceDirectory">The damaged store; it must not be open.</param>
    /// <param name="targetDirectory">Where the new store is created: missing or empty.</param>
    /// <param name="options">Settings of the new store; null for <see cref="DatabaseOptions.Default"/>.</param>
    /// <returns>How much was recovered and every table, block and record that was lost.</returns>
    /// <exception cref="ArgumentException">A directory is null or empty.</exception>
    /// <exception cref="DatabaseLockedException">The source store is open.</exception>
    /// <exception cref="StorageException">No directory at the source (NotFound), a non-empty target (AlreadyExists), or I/O failed.</exception>
    public static SalvageReport Salvage(string sourceDirectory, string targetDirectory, DatabaseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        return Lsm.Salvage.StoreSalvager.Salvage(
            Core.Storage.LocalFileSystem.Instance, sourceDirectory, targetDirectory, (options ?? DatabaseOptions.Default).ToLsmOptions());
    }

    /// <summary>
    /// Runs seconds of synchronous I/O on a thread of its own (<see cref="TaskCreationOptions.LongRunning"/>) rather
    /// than on the thread pool, which an ASP.NET Core host needs for its requests.
    /// </summary>
    private static Task RunLongAsync(Action work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
