using System;

namespace Engine.Core.Storage;

/// <summary>A readable handle on a <see cref="MemInode"/>; it keeps reading the inode after a delete or rename over it.</summary>
/// <remarks>Safe for concurrent reads: each read takes the file system's lock and shares no cursor.</remarks>
internal sealed class MemReadableFile : IReadableFile
{
    private readonly MemFileSystem _fileSystem;
    private readonly MemInode _inode;
    private bool _disposed;

    public MemReadableFile(MemFileSystem fileSystem, string path, MemInode inode, long length)
    {
        _fileSystem = fileSystem;
        Path = path;
        _inode = inode;
        Length = length;
    }

    public string Path { get; }

    public long Length { get; }

    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _fileSystem.Read(_inode, offset, destination);
    }

    public void Dispose() => _disposed = true;
}
