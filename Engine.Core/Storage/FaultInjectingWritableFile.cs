using System;

namespace Engine.Core.Storage;

/// <summary>A writable file of a <see cref="FaultInjectingFileSystem"/>: appends, truncations and syncs may fail.</summary>
/// <remarks>One writer at a time, like the file it wraps; <see cref="Length"/> may be read from any thread.</remarks>
internal sealed class FaultInjectingWritableFile : IWritableFile
{
    private readonly FaultInjectingFileSystem _fileSystem;
    private readonly IWritableFile _inner;

    public FaultInjectingWritableFile(FaultInjectingFileSystem fileSystem, IWritableFile inner)
    {
        _fileSystem = fileSystem;
        _inner = inner;
    }

    public string Path => _inner.Path;

    public long Length => _inner.Length;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_fileSystem.ShouldFail(FileOperationKind.Write, Path, null, data.Length, out InjectedFaultKind fault, out int tornBytes))
        {
            if (tornBytes > 0)
            {
                // The torn prefix stays in the file and moves Length, as a short write does on a real disk.
                _inner.Append(data[..tornBytes]);
            }

            FaultInjectingFileSystem.ThrowInjected(fault, FileOperationKind.Write, Path);
        }

        if (!_fileSystem.TryTakeSpace(data.Length, out int fits))
        {
            _inner.Append(data[..fits]);
            FaultInjectingFileSystem.ThrowInjected(InjectedFaultKind.DiskFull, FileOperationKind.Write, Path);
        }

        _inner.Append(data);
    }

    public void Flush() => _inner.Flush();

    public void Sync()
    {
        _fileSystem.Check(FileOperationKind.Sync, Path);
        _inner.Sync();
    }

    public void Truncate(long length)
    {
        _fileSystem.Check(FileOperationKind.Write, Path);
        _inner.Truncate(length);
    }

    public void Dispose() => _inner.Dispose();
}
