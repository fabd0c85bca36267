using System;
using Microsoft.Win32.SafeHandles;

namespace Engine.Core.Storage;

/// <summary>
/// An exclusive lock on a store's lock file, held by keeping the file open with <see cref="System.IO.FileShare.None"/>.
/// </summary>
/// <remarks>
/// Dispose releases the lock; the file itself stays, since deleting it could race with the next opener.
/// Dispose is thread-safe and idempotent.
/// </remarks>
internal sealed class LocalFileLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    public LocalFileLock(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    public void Dispose() => _handle.Dispose();
}
