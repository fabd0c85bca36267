using System;
using System.Threading;

namespace Engine.Core.Storage;

/// <summary>A writable handle on a <see cref="MemInode"/>: appends at a tracked end offset, as the local file does.</summary>
/// <remarks>One writer at a time; <see cref="Length"/> may be read from any thread.</remarks>
internal sealed class MemWritableFile : IWritableFile
{
    private readonly MemFileSystem _fileSystem;
    private readonly MemInode _inode;

    // Written by the one writer, read by anyone through Length.
    private long _length;
    private bool _disposed;

    public MemWritableFile(MemFileSystem fileSystem, string path, MemInode inode, long length)
    {
        _fileSystem = fileSystem;
        Path = path;
        _inode = inode;
        _length = length;
    }

    public string Path { get; }

    public long Length => Volatile.Read(ref _length);

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long offset = _length;
        _fileSystem.Write(_inode, offset, data);
        Volatile.Write(ref _length, offset + data.Length);
    }

    public void Sync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _fileSystem.Sync(_inode);
    }

    public void Truncate(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _fileSystem.Truncate(_inode, length);
        Volatile.Write(ref _length, length);
    }

    public void Dispose() => _disposed = true;
}
