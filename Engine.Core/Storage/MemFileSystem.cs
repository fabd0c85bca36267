using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>
/// An in-memory <see cref="IFileSystem"/> for hermetic tests that models the durability contract of
/// <see cref="IFileSystem"/> exactly, so that <see cref="CrashClone(CrashOptions)"/> can produce any state a crash
/// may leave.
/// </summary>
/// <remarks>
/// <para>
/// Model. A namespace maps paths to <see cref="MemInode"/>s. Bytes written to an inode are unsynced until a sync
/// of that inode, which makes durable every byte of it written so far and every pending directory operation that
/// concerns it: its create and the renames that moved it (a rename's replaced target goes with the rename).
/// Deletes are never made durable by a sync; they stay pending. The durable namespace is kept as a base (every
/// operation before the first pending one, applied) plus the log of later operations in issue order, each marked
/// durable or pending; a crash replays the durable ones and whichever pending ones it keeps, in issue order.
/// </para>
/// <para>
/// Simplifications: paths are plain strings (no normalisation beyond trimming a trailing separator from directory
/// names); directories are durable as soon as they are created, since the engine creates its directory once before
/// anything else; <see cref="Create"/> over an existing file truncates that file in place (O_TRUNC) rather than
/// making a new one, as the operating system does.
/// </para>
/// <para>Thread-safe: one lock guards the namespace, the log and every inode's bytes.</para>
/// </remarks>
internal sealed partial class MemFileSystem : IFileSystem
{
    private readonly Lock _lock = new();

    // Everything below is guarded by _lock.
    // The names as the running process sees them.
    private readonly Dictionary<string, MemInode> _files = new(StringComparer.Ordinal);

    // Directories that exist; all durable.
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    // The durable namespace as of the first pending operation in _log.
    private readonly Dictionary<string, MemInode> _durableBase = new(StringComparer.Ordinal);

    // Directory operations issued after _durableBase, in issue order; the first is pending whenever the log is not empty.
    private readonly List<MemDirectoryOperation> _log = [];

    // Paths held by Lock.
    private readonly HashSet<string> _locks = new(StringComparer.Ordinal);

    private long _nextInodeId;

    public IWritableFile Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            if (_files.TryGetValue(path, out MemInode? existing))
            {
                existing.TruncateLocked(0);
                return new MemWritableFile(this, path, existing, 0);
            }

            return new MemWritableFile(this, path, CreateInodeLocked(path), 0);
        }
    }

    public IWritableFile OpenForAppend(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            MemInode inode = GetInodeLocked(path);
            return new MemWritableFile(this, path, inode, inode.LengthLocked);
        }
    }

    public IReadableFile OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            MemInode inode = GetInodeLocked(path);
            return new MemReadableFile(this, path, inode, inode.LengthLocked);
        }
    }

    public IMappedFile OpenMapped(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            // A snapshot: the contract forbids changing a mapped file, so a copy reads the same as a live view.
            return new MemMappedFile(path, GetInodeLocked(path).SnapshotLocked());
        }
    }

    public bool Exists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            return _files.ContainsKey(path);
        }
    }

    public long GetLength(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            return GetInodeLocked(path).LengthLocked;
        }
    }

    public void Rename(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_lock)
        {
            MemInode inode = GetInodeLocked(from);
            RequireParentLocked(to);
            if (string.Equals(from, to, StringComparison.Ordinal))
            {
                return;
            }

            _files.Remove(from);
            _files[to] = inode;
            MemDirectoryOperation operation = new(MemDirectoryOperationKind.Rename, from, to, inode);
            _log.Add(operation);
            inode.PendingDirectoryOperationsLocked.Add(operation);
        }
    }

    public void Delete(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            if (_files.Remove(path, out MemInode? inode))
            {
                // Not added to the inode's pending list: a delete is never made durable by a sync.
                _log.Add(new MemDirectoryOperation(MemDirectoryOperationKind.Delete, path, null, inode));
            }
        }
    }

    public void CreateDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            for (string? directory = TrimDirectory(path); !IsImplicitDirectory(directory); directory = System.IO.Path.GetDirectoryName(directory))
            {
                if (_files.ContainsKey(directory))
                {
                    ThrowHelper.ThrowAlreadyExists($"cannot create directory '{directory}': a file of that name exists");
                }

                if (!_directories.Add(directory))
                {
                    // Its parents exist already.
                    break;
                }
            }
        }
    }

    public bool DirectoryExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            return DirectoryExistsLocked(TrimDirectory(path));
        }
    }

    public IReadOnlyList<string> List(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string trimmed = TrimDirectory(directory);
        List<string> names = [];
        lock (_lock)
        {
            if (!DirectoryExistsLocked(trimmed))
            {
                ThrowHelper.ThrowNotFound($"directory '{directory}' does not exist");
            }

            foreach (string path in _files.Keys)
            {
                if (string.Equals(System.IO.Path.GetDirectoryName(path) ?? string.Empty, trimmed, StringComparison.Ordinal))
                {
                    names.Add(System.IO.Path.GetFileName(path));
                }
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public IDisposable Lock(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            if (_locks.Contains(path))
            {
                ThrowHelper.ThrowStoreLocked(path, null);
            }

            if (!_files.ContainsKey(path))
            {
                CreateInodeLocked(path);
            }

            _locks.Add(path);
            return new MemFileLock(this, path);
        }
    }

    /// <summary>Releases a lock taken by <see cref="Lock"/>; called once by <see cref="MemFileLock"/>.</summary>
    internal void Unlock(string path)
    {
        lock (_lock)
        {
            _locks.Remove(path);
        }
    }

    // "" (a bare file name) and roots ("/", "C:\") always exist.
    private static bool IsImplicitDirectory([NotNullWhen(false)] string? directory) =>
        string.IsNullOrEmpty(directory) || System.IO.Path.GetDirectoryName(directory) is null;

    private static string TrimDirectory(string path) => System.IO.Path.TrimEndingDirectorySeparator(path);

    private bool DirectoryExistsLocked(string directory) =>
        IsImplicitDirectory(directory) || _directories.Contains(directory);

    private MemInode GetInodeLocked(string path)
    {
        if (!_files.TryGetValue(path, out MemInode? inode))
        {
            ThrowHelper.ThrowNotFound($"file '{path}' does not exist");
        }

        return inode;
    }

    private void RequireParentLocked(string path)
    {
        string? parent = System.IO.Path.GetDirectoryName(path);
        if (parent is not null && !DirectoryExistsLocked(parent))
        {
            ThrowHelper.ThrowNotFound($"cannot create '{path}': directory '{parent}' does not exist");
        }

        if (_directories.Contains(path))
        {
            ThrowHelper.ThrowAlreadyExists($"cannot create file '{path}': a directory of that name exists");
        }
    }

    private MemInode CreateInodeLocked(string path)
    {
        RequireParentLocked(path);
        MemInode inode = new(++_nextInodeId);
        _files[path] = inode;
        MemDirectoryOperation operation = new(MemDirectoryOperationKind.Create, path, null, inode);
        _log.Add(operation);
        inode.PendingDirectoryOperationsLocked.Add(operation);
        return inode;
    }
}
