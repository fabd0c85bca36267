using System;
using System.Collections.Generic;
using System.IO;
using Engine.Api;
using Engine.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace Engine.Core.Storage;

/// <summary>
/// The operating system's file system: <see cref="SafeFileHandle"/> and <see cref="RandomAccess"/> for writes and
/// positional reads, <see cref="System.IO.MemoryMappedFiles.MemoryMappedFile"/> for mapped reads, and an
/// exclusive open of a lock file for <see cref="Lock"/>.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Every <see cref="IOException"/> and <see cref="UnauthorizedAccessException"/> leaves
/// as a <see cref="StorageException"/> naming the path (<see cref="Errors.ThrowHelper.FromIOException"/>).
/// </remarks>
internal sealed class LocalFileSystem : IFileSystem
{
    // Writers let readers in (a WAL may be read while it is written) and let the file be deleted or renamed
    // over, which Windows otherwise refuses; readers let a writer keep writing.
    private const FileShare WriterShare = FileShare.Read | FileShare.Delete;
    private const FileShare ReaderShare = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>The one instance; the type holds no state.</summary>
    public static LocalFileSystem Instance { get; } = new();

    public IWritableFile Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle = OpenHandle(path, FileMode.Create, FileAccess.Write, WriterShare);
        return new LocalWritableFile(path, handle, 0);
    }

    public IWritableFile OpenForAppend(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle = OpenHandle(path, FileMode.Open, FileAccess.Write, WriterShare);
        try
        {
            return new LocalWritableFile(path, handle, RandomAccess.GetLength(handle));
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            handle.Dispose();
            throw ThrowHelper.FromIOException(path, ex);
        }
    }

    public IReadableFile OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle = OpenHandle(path, FileMode.Open, FileAccess.Read, ReaderShare);
        try
        {
            return new LocalReadableFile(path, handle, RandomAccess.GetLength(handle));
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            handle.Dispose();
            throw ThrowHelper.FromIOException(path, ex);
        }
    }

    public IMappedFile OpenMapped(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return LocalMappedFile.Map(path);
    }

    public bool Exists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path);
    }

    public long GetLength(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(path, ex);
        }
    }

    public void Rename(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        try
        {
            // With overwrite, .NET calls rename(2) on Unix and MoveFileEx(REPLACE_EXISTING) on Windows: one atomic step.
            File.Move(from, to, overwrite: true);
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(File.Exists(from) ? to : from, ex);
        }
    }

    public void Delete(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // A file in a missing directory does not exist, and deleting a missing file does nothing.
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(path, ex);
        }
    }

    public void CreateDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(path, ex);
        }
    }

    public bool DirectoryExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Directory.Exists(path);
    }

    public IReadOnlyList<string> List(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        List<string> names = [];
        try
        {
            foreach (string file in Directory.EnumerateFiles(directory))
            {
                names.Add(Path.GetFileName(file));
            }
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(directory, ex);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public IDisposable Lock(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle;
        try
        {
            // FileShare.None makes .NET take flock(LOCK_EX | LOCK_NB) on Unix and deny sharing on Windows. The flock
            // belongs to this open file description, so a second open in this same process is refused too.
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            ThrowHelper.ThrowStoreLocked(path, ex);
            throw;
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(path, ex);
        }

        return new LocalFileLock(path, handle);
    }

    /// <summary>True for the exceptions the file APIs throw when the storage, not the caller, is at fault.</summary>
    internal static bool IsIOFailure(Exception ex) => ex is IOException or UnauthorizedAccessException;

    /// <summary>Opens a handle, turning I/O failures into <see cref="StorageException"/>.</summary>
    internal static SafeFileHandle OpenHandle(string path, FileMode mode, FileAccess access, FileShare share)
    {
        try
        {
            return File.OpenHandle(path, mode, access, share);
        }
        catch (Exception ex) when (IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(path, ex);
        }
    }

    private static bool IsLockConflict(IOException ex)
    {
        // EWOULDBLOCK from flock: 11 on Linux, 35 on macOS; ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows.
        int code = ex.HResult & 0xFFFF;
        return ex is not (FileNotFoundException or DirectoryNotFoundException) && code is 11 or 35 or 0x20 or 0x21;
    }
}
