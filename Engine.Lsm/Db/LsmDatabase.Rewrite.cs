using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Engine.Api;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;

namespace Engine.Lsm.Db;

/// <summary>Rewriting the store's files, so that each is written again through the file system (key rotation).</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Writes every small file again (a new WAL, manifest, <c>CURRENT</c> and <c>OPTIONS</c>) and deletes the old ones;
    /// with <paramref name="rewriteTables"/>, first rewrites every table by a full compaction. On an encrypted file
    /// system every file then carries the key current at the call. Writes wait while the WAL is switched; reads go on.
    /// </summary>
    /// <exception cref="StorageException">The store is closed or has failed, or I/O failed.</exception>
    public void RewriteFiles(bool rewriteTables)
    {
        EnsureOpen();
        if (rewriteTables)
        {
            CompactRange(null, null);
        }

        using (_manualCompactionLock.EnterScope())
        {
            SwitchToNewLog();
            _versions.WriteNewManifest();
            WriteOptionsFile();
            DeleteOldSmallFiles();
            RewriteArchive();
        }
    }

    /// <summary>
    /// As the only writer: flushes every memtable, then switches to a new WAL even when the memtable is empty. Every
    /// older WAL then holds nothing a table does not, so it is deleted.
    /// </summary>
    private void SwitchToNewLog()
    {
        PendingWrite pending = new();
        pending.Reset(null, Durability.Buffered, forceRotate: false, exclusive: true);
        _ = EnterAsLeader(pending);
        Exception? error = null;
        try
        {
            FlushMemtablesForIngestLocked();
            RotateMemtableLocked(0);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            FinishGroupLocked([pending], 1, error);
            Monitor.Exit(_mutex);
        }

        ulong live;
        lock (_mutex)
        {
            live = _immutables.Count > 0 ? _immutables[0].LogNumber : _memLogNumber;
        }

        DeleteObsoleteLogs(live);
    }

    /// <summary>Deletes manifests other than the current one, options files older than the newest and a stale CURRENT.tmp.</summary>
    private void DeleteOldSmallFiles()
    {
        ulong newestOptions = 0;
        IReadOnlyList<string> names = _fs.List(_directory);
        foreach (string name in names)
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Options)
            {
                newestOptions = Math.Max(newestOptions, number);
            }
        }

        foreach (string name in names)
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number)
                && ((kind == FileKind.Manifest && number != _versions.ManifestNumber)
                    || (kind == FileKind.Options && number != newestOptions)
                    || name == FileNames.CurrentTemp))
            {
                TryDelete(Path.Combine(_directory, name));
            }
        }
    }
}
