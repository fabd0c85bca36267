using System;

namespace Engine.Core.Storage;

/// <summary>A readable file of a <see cref="FaultInjectingFileSystem"/>: reads may fail.</summary>
/// <remarks>Safe for concurrent reads, like the file it wraps.</remarks>
internal sealed class FaultInjectingReadableFile : IReadableFile
{
    private readonly FaultInjectingFileSystem _fileSystem;
    private readonly IReadableFile _inner;

    public FaultInjectingReadableFile(FaultInjectingFileSystem fileSystem, IReadableFile inner)
    {
        _fileSystem = fileSystem;
        _inner = inner;
    }

    public string Path => _inner.Path;

    public long Length => _inner.Length;

    public int Read(long offset, Span<byte> destination)
    {
        _fileSystem.Check(FileOperationKind.Read, Path);
        return _inner.Read(offset, destination);
    }

    public void Dispose() => _inner.Dispose();
}
