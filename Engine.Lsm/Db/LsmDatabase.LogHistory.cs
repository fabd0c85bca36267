using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Lsm.Wal;

namespace Engine.Lsm.Db;

/// <summary>
/// The retained write-ahead log: flushed WALs moved to <c>archive/</c> instead of deleted, up to
/// <see cref="LsmOptions.RetainedLogBytes"/>, so that a change feed can replay committed batches from an older
/// sequence number, also after a reopen (what RocksDB's <c>GetUpdatesSince</c> reads).
/// </summary>
internal sealed partial class LsmDatabase
{
    /// <summary>The directory of retained WALs, inside the store's.</summary>
    public const string ArchiveDirectoryName = "archive";

    private string ArchiveDirectory => Path.Combine(_directory, ArchiveDirectoryName);

    /// <summary>
    /// The committed batches whose changes reach <paramref name="fromSequence"/> or later, oldest first, from the
    /// retained and live WALs, up to the sequence visible when the call began. Each is a copy of its encoding.
    /// Batches still in the WAL writer's buffer are not in the files yet: <see cref="FlushLog"/> writes them.
    /// </summary>
    /// <exception cref="CorruptionException">A retained or live WAL is damaged before its tail.</exception>
    public IEnumerable<byte[]> ReadCommittedBatches(ulong fromSequence)
    {
        ulong visible = Volatile.Read(ref _visibleSequence);
        foreach ((ulong _, string path, string archived) in ListLogs())
        {
            IReadableFile? file = TryOpenLog(path) ?? TryOpenLog(archived);
            if (file is null)
            {
                // Trimmed from the archive since the listing: nothing older can follow it in order.
                continue;
            }

            using (file)
            {
                using LogReader reader = LogReader.Open(file, WalRecoveryMode.TolerateTornTail);
                while (true)
                {
                    byte[]? batch = NextBatch(reader, file.Path, fromSequence, visible, out bool done);
                    if (done)
                    {
                        yield break;
                    }

                    if (batch is null)
                    {
                        break;
                    }

                    yield return batch;
                }
            }
        }
    }

    /// <summary>The first sequence number the retained and live WALs hold, or null when they hold no batch.</summary>
    public ulong? OldestLoggedSequence()
    {
        foreach (byte[] batch in ReadCommittedBatches(0))
        {
            return new BatchReader(batch, "<log>", 0).Sequence;
        }

        return null;
    }

    /// <summary>Writes the WAL writer's buffer to the file (without an fsync), so that readers of the file see every commit.</summary>
    public void FlushLog()
    {
        PendingWrite pending = new();
        pending.Reset(null, Durability.Flushed, forceRotate: false);
        Commit(pending);
    }

    /// <summary>Retains or deletes a WAL whose changes are in tables now.</summary>
    private void RetireLog(string name)
    {
        string path = Path.Combine(_directory, name);
        if (_options.RetainedLogBytes <= 0)
        {
            TryDelete(path);
            return;
        }

        try
        {
            _fs.CreateDirectory(ArchiveDirectory);
            _fs.Rename(path, Path.Combine(ArchiveDirectory, name));
        }
        catch (StorageException)
        {
            // History is best effort: a WAL that cannot be retained is deleted, and watchers that needed it fall behind.
            TryDelete(path);
        }

        TrimArchive();
    }

    /// <summary>
    /// Rewrites every retained WAL through the store's file system, so that an encrypted one takes the current key: a
    /// synced copy renamed over the original, then synced again (a rename is durable once the renamed file is synced).
    /// History is best effort: a WAL that cannot be rewritten is deleted, and watchers that needed it fall behind.
    /// </summary>
    private void RewriteArchive()
    {
        if (!_fs.DirectoryExists(ArchiveDirectory))
        {
            return;
        }

        foreach (string name in _fs.List(ArchiveDirectory))
        {
            if (name.EndsWith(".rewrite", StringComparison.Ordinal))
            {
                // A copy left by a rewrite that a crash interrupted: its original is still whole.
                TryDelete(Path.Combine(ArchiveDirectory, name));
                continue;
            }

            if (!FileNames.TryParse(name, out FileKind kind, out _) || kind != FileKind.Log)
            {
                continue;
            }

            string path = Path.Combine(ArchiveDirectory, name);
            string copy = path + ".rewrite";
            try
            {
                FileCopy.Copy(_fs, path, copy);
                _fs.Rename(copy, path);
                using IWritableFile renamed = _fs.OpenForAppend(path);
                renamed.Sync();
            }
            catch (StorageException)
            {
                TryDelete(copy);
                TryDelete(path);
            }
        }
    }

    /// <summary>Deletes the oldest retained WALs until the rest fit in <see cref="LsmOptions.RetainedLogBytes"/>.</summary>
    private void TrimArchive()
    {
        List<(ulong Number, string Name)> retained = [];
        foreach (string name in _fs.List(ArchiveDirectory))
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Log)
            {
                retained.Add((number, name));
            }
        }

        retained.Sort();
        long total = 0;
        for (int i = retained.Count - 1; i >= 0; i--)
        {
            string path = Path.Combine(ArchiveDirectory, retained[i].Name);
            total += _fs.Exists(path) ? _fs.GetLength(path) : 0;
            if (total > _options.RetainedLogBytes)
            {
                TryDelete(path);
            }
        }
    }

    private static byte[]? NextBatch(LogReader reader, string path, ulong fromSequence, ulong visible, out bool done)
    {
        done = false;
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
        {
            if (record.Length == 0)
            {
                continue;
            }

            BatchReader.Validate(record, path, offset);
            BatchReader batch = new(record, path, offset);
            if (batch.Sequence > visible)
            {
                done = true;
                return null;
            }

            if (batch.Sequence + (ulong)batch.Count > fromSequence)
            {
                return record.ToArray();
            }
        }

        return null;
    }

    /// <summary>Every WAL, retained or live, by number: its live path and its path in the archive.</summary>
    private List<(ulong Number, string Path, string Archived)> ListLogs()
    {
        SortedDictionary<ulong, string> names = [];
        foreach (string directory in (string[])[ArchiveDirectory, _directory])
        {
            if (!_fs.DirectoryExists(directory))
            {
                continue;
            }

            foreach (string name in _fs.List(directory))
            {
                if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Log)
                {
                    names[number] = name;
                }
            }
        }

        List<(ulong, string, string)> logs = new(names.Count);
        foreach ((ulong number, string name) in names)
        {
            logs.Add((number, Path.Combine(_directory, name), Path.Combine(ArchiveDirectory, name)));
        }

        return logs;
    }

    private IReadableFile? TryOpenLog(string path)
    {
        try
        {
            return _fs.Exists(path) ? _fs.OpenRead(path) : null;
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            return null;
        }
    }
}
