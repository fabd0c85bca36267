using System;
using System.Text;
using System.Threading;
using Engine.Api;
using Engine.Core.Buffers;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Options;
using Engine.Lsm.Wal;

namespace Engine.Lsm.Manifest;

/// <summary>
/// The current version and the store's counters, kept durable in the manifest.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="LogAndApply"/> appends an edit to the manifest and syncs it, then appends an empty record and syncs that
/// (<see cref="LogWriter.SyncAndVouch"/>), before the new version becomes current: a version that readers can see is
/// always recoverable, and a flipped bit in its edit is reported as corruption rather than dropped as a torn tail. The manifest is rewritten as a snapshot on every open
/// and when it outgrows <see cref="LsmOptions.MaxManifestFileSizeBytes"/>; the protocol is in docs/format/manifest.md.
/// </para>
/// <para>
/// Thread-safety: edits are serialised by an internal lock; <see cref="Current"/> and the counters may be read from
/// any thread. A failed manifest write leaves the set failed: every later edit throws. The one exception is an edit
/// whose record found no space (<see cref="StorageFullException"/>) before any of it was synced: it is cut away, its
/// new tables are deleted, and the set goes on.
/// </para>
/// </remarks>
internal sealed class VersionSet : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly LsmOptions _options;
    private readonly Action<FileMetadata> _onObsolete;
    private readonly System.Threading.Lock _editLock = new();

    // Written under _editLock with Volatile.Write; read lock-free with Volatile.Read (Current).
    private TreeVersion _current;

    // Atomic (Interlocked) everywhere: numbers are handed out by any thread, without the lock.
    private ulong _nextFileNumber = 2;

    // Atomic (Interlocked) everywhere: written under _editLock, read lock-free by the store (LogNumber, LastSequence).
    private ulong _logNumber;
    private ulong _lastSequence;

    // Atomic (Interlocked) everywhere: written under _editLock or at recovery, read lock-free (ManifestNumber).
    private ulong _manifestNumber;

    // _editLock: the live manifest, and the failure that stops every later edit.
    private LogWriter? _manifest;
    private Exception? _failure;

    public VersionSet(IFileSystem fs, string directory, LsmOptions options, Action<FileMetadata> onObsolete)
    {
        _fs = fs;
        _directory = directory;
        _options = options;
        _onObsolete = onObsolete;
        _current = TreeVersion.Empty(onObsolete);
    }

    /// <summary>The current version. Take a reference with <see cref="TreeVersion.TryAcquire"/> before using it off the edit path.</summary>
    public TreeVersion Current => Volatile.Read(ref _current);

    /// <summary>WALs numbered below this hold nothing that is not in a table.</summary>
    public ulong LogNumber => Interlocked.Read(ref _logNumber);

    /// <summary>The largest sequence number recorded in the manifest.</summary>
    public ulong LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>The number of the live manifest.</summary>
    public ulong ManifestNumber => Interlocked.Read(ref _manifestNumber);

    /// <summary>Takes a new, never used file number.</summary>
    public ulong NewFileNumber() => Interlocked.Increment(ref _nextFileNumber) - 1;

    /// <summary>Makes sure no number below <paramref name="number"/> is handed out again.</summary>
    public void MarkFileNumberUsed(ulong number)
    {
        ulong current = Interlocked.Read(ref _nextFileNumber);
        while (current <= number)
        {
            ulong seen = Interlocked.CompareExchange(ref _nextFileNumber, number + 1, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>True once a manifest write failed: the set accepts no more edits in this open.</summary>
    public bool IsFailed
    {
        get
        {
            lock (_editLock)
            {
                return _failure is not null;
            }
        }
    }

    /// <summary>True when the directory holds a store (a CURRENT file).</summary>
    public bool Exists() => _fs.Exists(System.IO.Path.Combine(_directory, FileNames.Current));

    /// <summary>Rebuilds the current version by replaying the manifest that CURRENT names.</summary>
    /// <exception cref="CorruptionException">CURRENT or the manifest is damaged, or names a missing manifest.</exception>
    public void Recover()
    {
        string manifestPath = ReadCurrent();
        TreeVersion version = TreeVersion.Empty(_onObsolete);
        ulong? logNumber = null;
        ulong? nextFile = null;
        ulong lastSequence = 0;
        using (IReadableFile file = _fs.OpenRead(manifestPath))
        {
            using LogReader reader = LogReader.Open(file, WalRecoveryMode.TolerateTornTail);
            while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
            {
                // Empty records only vouch for the chunks before them (after each edit, and at a clean close).
                if (record.IsEmpty)
                {
                    continue;
                }

                VersionEdit edit = VersionEditCodec.Decode(record, manifestPath, offset);
                if (edit.FormatVersion is int format && format != VersionEditCodec.CurrentFormatVersion)
                {
                    ThrowHelper.ThrowUnsupportedFormatVersion(manifestPath, format, VersionEditCodec.CurrentFormatVersion);
                }

                TreeVersion next = version.Apply(edit, manifestPath);
                version.Release();
                version = next;
                logNumber = edit.LogNumber ?? logNumber;
                nextFile = edit.NextFileNumber ?? nextFile;
                lastSequence = Math.Max(lastSequence, edit.LastSequence ?? 0);
            }
        }

        if (logNumber is null || nextFile is null)
        {
            version.Release();
            ThrowHelper.ThrowCorruption(manifestPath, 0, "manifest lacks its log number or next file number");
        }

        lock (_editLock)
        {
            TreeVersion old = _current;
            Volatile.Write(ref _current, version);
            old.Release();
            Interlocked.Exchange(ref _logNumber, logNumber.Value);
            Interlocked.Exchange(ref _lastSequence, lastSequence);
        }

        MarkFileNumberUsed(nextFile.Value - 1);
        foreach (FileMetadata file in version.AllFiles())
        {
            MarkFileNumberUsed(file.Number);
        }
    }

    /// <summary>Applies an edit made during recovery without logging it; <see cref="WriteNewManifest"/> records it.</summary>
    public void ApplyRecovered(VersionEdit edit)
    {
        lock (_editLock)
        {
            TreeVersion next = _current.Apply(edit, FileNames.Manifest(_directory, ManifestNumber));
            TreeVersion old = _current;
            Volatile.Write(ref _current, next);
            Interlocked.Exchange(ref _logNumber, Math.Max(LogNumber, edit.LogNumber ?? 0));
            Interlocked.Exchange(ref _lastSequence, Math.Max(LastSequence, edit.LastSequence ?? 0));
            old.Release();
        }
    }

    /// <summary>Writes a new manifest holding a snapshot of the current version and points CURRENT at it.</summary>
    public void WriteNewManifest()
    {
        lock (_editLock)
        {
            ThrowIfFailed();
            try
            {
                StartManifestLocked(_current, LogNumber, LastSequence);
            }
            catch (Exception ex)
            {
                _failure = ex;
                throw;
            }
        }
    }

    /// <summary>
    /// Records <paramref name="edit"/> durably and makes the resulting version current.
    /// The edit's next-file-number is filled in here.
    /// </summary>
    public void LogAndApply(VersionEdit edit)
    {
        lock (_editLock)
        {
            ThrowIfFailed();
            TreeVersion next = _current.Apply(edit, FileNames.Manifest(_directory, ManifestNumber));
            ulong logNumber = Math.Max(LogNumber, edit.LogNumber ?? 0);
            ulong lastSequence = Math.Max(LastSequence, edit.LastSequence ?? 0);
            bool appending = _manifest is not null && _manifest.Length < _options.MaxManifestFileSizeBytes;
            long before = _manifest?.Length ?? 0;
            try
            {
                if (!appending)
                {
                    StartManifestLocked(next, logNumber, lastSequence);
                }
                else
                {
                    edit.NextFileNumber = Interlocked.Read(ref _nextFileNumber);
                    using PooledBufferWriter buffer = new();
                    VersionEditCodec.Encode(edit, buffer);
                    _manifest!.AddRecord(buffer.WrittenSpan);

                    // Vouched, not just synced: once this returns, the caller deletes what the edit made obsolete
                    // (flushed WALs, compaction inputs), so a flipped bit in the edit must not read as a torn tail
                    // and drop it silently, even if the process dies before the manifest is closed.
                    _manifest!.SyncAndVouch();
                }
            }
            catch (StorageFullException) when (appending && _manifest!.TryRollback(before))
            {
                // The record found no space before any of it was synced, and is cut away: no manifest names the new
                // tables, so releasing the unused version deletes them, and the edit can be tried again once space returns.
                next.Release();
                throw;
            }
            catch (Exception ex)
            {
                // A failed write or sync says nothing about what reached the disk: the record may still name the new
                // tables after a reopen, so releasing the unused version must not delete them as obsolete. They
                // stay pinned; the next open deletes whichever no manifest record names.
                foreach ((int _, FileMetadata file) in edit.NewFiles)
                {
                    file.Acquire();
                }

                next.Release();
                _failure = ex;
                throw;
            }

            TreeVersion old = _current;
            Volatile.Write(ref _current, next);
            Interlocked.Exchange(ref _logNumber, logNumber);
            Interlocked.Exchange(ref _lastSequence, lastSequence);
            old.Release();
            VersionInvariants.CheckAfterChange(next, _options, _fs, _directory);
        }
    }

    public void Dispose()
    {
        lock (_editLock)
        {
            try
            {
                if (_failure is null)
                {
                    _manifest?.Close();
                }
            }
            finally
            {
                _manifest = null;
                _current.Release();
            }
        }
    }

    private void StartManifestLocked(TreeVersion version, ulong logNumber, ulong lastSequence)
    {
        ulong number = NewFileNumber();
        LogWriter writer = ManifestSnapshotWriter.Start(_fs, _directory, version, number, logNumber, lastSequence, Interlocked.Read(ref _nextFileNumber));
        LogWriter? old = _manifest;
        ulong oldNumber = ManifestNumber;
        _manifest = writer;
        Interlocked.Exchange(ref _manifestNumber, number);
        if (old is not null)
        {
            old.Close();

            // CURRENT durably names the new manifest: the old one is garbage (the next open deletes it if this fails).
            try
            {
                _fs.Delete(FileNames.Manifest(_directory, oldNumber));
            }
            catch (StorageException)
            {
            }
        }
    }

    private string ReadCurrent()
    {
        string current = System.IO.Path.Combine(_directory, FileNames.Current);
        string text;
        using (IReadableFile file = _fs.OpenRead(current))
        {
            if (file.Length > 256)
            {
                ThrowHelper.ThrowCorruption(current, 0, "CURRENT is too long");
            }

            byte[] bytes = new byte[file.Length];
            int read = file.Read(0, bytes);
            text = Encoding.ASCII.GetString(bytes, 0, read);
        }

        ulong number = 0;
        if (!text.EndsWith('\n') || !FileNames.TryParse(text[..^1], out FileKind kind, out number) || kind != FileKind.Manifest)
        {
            ThrowHelper.ThrowCorruption(current, 0, "CURRENT does not name a manifest");
        }

        string manifest = FileNames.Manifest(_directory, number);
        if (!_fs.Exists(manifest))
        {
            ThrowHelper.ThrowCorruption(current, 0, $"CURRENT names {FileNames.ManifestName(number)}, which does not exist");
        }

        Interlocked.Exchange(ref _manifestNumber, number);
        return manifest;
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new ReadOnlyException("The manifest could not be written earlier; the store accepts no more changes. " + _failure.Message, _failure);
        }
    }
}
