using System;
using System.Threading;

namespace Engine.Core.Storage;

/// <summary>A lock taken with <see cref="MemFileSystem.Lock"/>; disposing it releases the path.</summary>
/// <remarks>Dispose is thread-safe and idempotent.</remarks>
internal sealed class MemFileLock : IDisposable
{
    private readonly MemFileSystem _fileSystem;
    private int _disposed;

    public MemFileLock(MemFileSystem fileSystem, string path)
    {
        _fileSystem = fileSystem;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _fileSystem.Unlock(Path);
        }
    }
}
