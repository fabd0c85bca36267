using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;


namespace Engine.Lsm.Db;

/// <summary>
/// Checkpoints: a consistent, openable copy of the store as of one point in the write order, taken while writes go on.
/// </summary>
/// <remarks>
/// <para>
/// The protocol: flush every write visible at the call into tables (so the copy needs no WAL), pin the current
/// version, copy its tables, and write a manifest describing exactly that version, an options file and, last,
/// <c>CURRENT</c>. Flushes install tables in write order and compactions only rearrange what is already in tables, so
/// the tables of any version hold every write up to some sequence number and none after: a prefix of the write
/// history. The pin keeps those tables from being deleted while they are copied; writes, flushes and compactions
/// go on meanwhile.
/// </para>
/// <para>
/// Tables are copied byte for byte. A hard link would make the copy free (the files are immutable), but .NET offers
/// no managed way to create one and the engine uses no P/Invoke.
/// </para>
/// </remarks>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Writes a copy of the store into <paramref name="directory"/> holding every write acknowledged before the call
    /// and possibly some made during it, always a prefix of the write order. Opening the directory as a store restores it.
    /// </summary>
    /// <param name="directory">The target, in the store's file system; created if missing, and must hold no file but a <c>LOCK</c>.</param>
    /// <exception cref="StorageException">
    /// The target holds files (AlreadyExists) or is being written by another checkpoint (FailedPrecondition); the store
    /// is closed or failed (FailedPrecondition); I/O failed. Files written into the target are removed on failure.
    /// </exception>
    /// <exception cref="CorruptionException">A table's size differs from the manifest's record.</exception>
    public void Checkpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        EnsureOpen();
        ThrowIfTargetHoldsFiles(directory);
        _fs.CreateDirectory(directory);

        // The lock keeps a second checkpoint (or an open) out of the target until CURRENT is written, and stays in
        // the directory as the store's own lock file; the emptiness check is repeated under it.
        using IDisposable targetLock = _fs.Lock(Path.Combine(directory, FileNames.Lock));
        ThrowIfTargetHoldsFiles(directory);

        FlushThrough(Volatile.Read(ref _visibleSequence));
        TreeVersion version = PinCurrentVersion();
        List<string> written = [];
        try
        {
            WriteCheckpoint(directory, version, written);
        }
        catch
        {
            // Best effort: the caller sees the failure, and the target is no checkpoint either way.
            foreach (string path in written)
            {
                TryDelete(path);
            }

            throw;
        }
        finally
        {
            version.Release();
        }
    }

    private void WriteCheckpoint(string directory, TreeVersion version, List<string> written)
    {
        // Read after the pin: at least the version's own counters, which is all a store needs of them.
        ulong logNumber = _versions.LogNumber;
        ulong lastSequence = _versions.LastSequence;
        foreach (FileMetadata file in version.AllFiles())
        {
            lastSequence = Math.Max(lastSequence, file.LargestSequence);
            string source = FileNames.Table(_directory, file.Number);
            string target = FileNames.Table(directory, file.Number);
            written.Add(target);
            long copied = FileCopy.Copy(_fs, source, target);
            if (copied != file.Size)
            {
                ThrowHelper.ThrowCorruption(source, 0, $"the table is {copied} bytes; the manifest says {file.Size}");
            }
        }

        // Numbers from the store's counter are above every table the version lists.
        ulong manifestNumber = _versions.NewFileNumber();
        ulong optionsNumber = _versions.NewFileNumber();
        string options = FileNames.Options(directory, optionsNumber);
        written.Add(options);
        using (IWritableFile file = _fs.Create(options))
        {
            file.Append(Encoding.UTF8.GetBytes(_options.ToOptionsFileText()));
            file.Sync();
        }

        written.Add(FileNames.Manifest(directory, manifestNumber));
        written.Add(Path.Combine(directory, FileNames.CurrentTemp));
        written.Add(Path.Combine(directory, FileNames.Current));
        ManifestSnapshotWriter.Write(_fs, directory, version, manifestNumber, logNumber, lastSequence, optionsNumber + 1);
    }

    /// <summary>Waits until every write up to <paramref name="sequence"/> is in a table of the current version.</summary>
    /// <remarks>
    /// Waits for that sequence number rather than for an empty flush queue, so that writers that keep freezing new
    /// memtables cannot hold the checkpoint back.
    /// </remarks>
    private void FlushThrough(ulong sequence)
    {
        if (_versions.LastSequence >= sequence)
        {
            return;
        }

        PendingWrite pending = new();
        pending.Reset(null, Durability.Buffered, forceRotate: true);
        long spaceFailures;
        lock (_mutex)
        {
            spaceFailures = _flushSpaceFailures;
        }

        Commit(pending);
        lock (_mutex)
        {
            while (_versions.LastSequence < sequence && _failure is null && !_closing && _flushSpaceFailures == spaceFailures)
            {
                Monitor.Wait(_mutex);
            }

            ThrowIfUnusableLocked();
            if (_versions.LastSequence < sequence)
            {
                ThrowIfFlushOutOfSpaceLocked(spaceFailures);
            }
        }
    }

    private void ThrowIfTargetHoldsFiles(string directory)
    {
        if (!_fs.DirectoryExists(directory))
        {
            return;
        }

        foreach (string name in _fs.List(directory))
        {
            if (name != FileNames.Lock)
            {
                ThrowHelper.ThrowAlreadyExists($"The checkpoint directory '{directory}' is not empty: it holds '{name}'.");
            }
        }
    }
}
