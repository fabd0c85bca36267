using System;
using System.Collections.Generic;

namespace Engine.Core.Storage;

/// <summary>
/// All engine I/O goes through this interface, so that tests can run on memory, simulate crashes and inject faults.
/// </summary>
/// <remarks>
/// <para>
/// Paths are plain strings joined with <see cref="System.IO.Path.Combine(string, string)"/>; implementations do not
/// interpret them beyond that. Every method may throw <see cref="Api.StorageException"/> for I/O failures
/// (<see cref="Api.StorageErrorCode.Unavailable"/>, or <see cref="Api.StorageErrorCode.ResourceExhausted"/>
/// for a full disk) and <see cref="Api.StorageErrorCode.NotFound"/> for a missing file.
/// </para>
/// <para>
/// Durability contract. Bytes written to an <see cref="IWritableFile"/> are handed to the operating system when
/// the write returns (they survive a process crash) and are durable once <see cref="IWritableFile.Sync"/>
/// returns. There is no way to sync a directory: .NET has no API for it. The engine relies instead on this
/// assumption, which holds on the journaling file systems it supports (ext4, xfs, btrfs, NTFS, APFS):
/// <b>syncing a file also makes durable the directory operations that created it and that gave it its current
/// name</b>. A delete is never assumed durable; files that reappear after a crash are treated as garbage.
/// <c>MemFileSystem</c> models exactly this contract and nothing stronger.
/// </para>
/// <para>Implementations are thread-safe; the file objects they return are safe for concurrent positional reads,
/// and a writable file has one writer at a time.</para>
/// </remarks>
internal interface IFileSystem
{
    /// <summary>Creates a file for writing, replacing any file of that name.</summary>
    IWritableFile Create(string path);

    /// <summary>Opens an existing file for writing at its end (used to rewrite a torn tail away).</summary>
    IWritableFile OpenForAppend(string path);

    /// <summary>Opens a file for positional reads.</summary>
    IReadableFile OpenRead(string path);

    /// <summary>
    /// Maps an immutable file read-only. The file must never be written, truncated or renamed over while mapped.
    /// </summary>
    IMappedFile OpenMapped(string path);

    /// <summary>True when a file of that name exists.</summary>
    bool Exists(string path);

    /// <summary>The length of a file in bytes.</summary>
    long GetLength(string path);

    /// <summary>Renames a file, atomically replacing any file at <paramref name="to"/>.</summary>
    void Rename(string from, string to);

    /// <summary>Deletes a file; does nothing when it does not exist.</summary>
    void Delete(string path);

    /// <summary>Creates a directory and its parents; does nothing when it exists.</summary>
    void CreateDirectory(string path);

    /// <summary>True when the directory exists.</summary>
    bool DirectoryExists(string path);

    /// <summary>The names (not full paths) of the files directly inside a directory, in ordinal order.</summary>
    IReadOnlyList<string> List(string directory);

    /// <summary>
    /// Takes an exclusive lock on <paramref name="path"/>, creating the file if needed. A second lock of the same
    /// path, from this process or another, fails with <see cref="Api.StorageErrorCode.FailedPrecondition"/>
    /// until the returned lock is disposed.
    /// </summary>
    IDisposable Lock(string path);
}
