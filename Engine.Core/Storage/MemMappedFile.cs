using System;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>A "mapping" of an in-memory file: a private snapshot of its bytes taken when it was opened.</summary>
/// <remarks>
/// Safe for concurrent readers. The snapshot reads the same as a live view because a mapped file must not change
/// (<see cref="IFileSystem.OpenMapped"/>); spans stay valid after Dispose, but taking one then throws, as the local
/// mapping does, so that tests catch a use after release.
/// </remarks>
internal sealed class MemMappedFile : IMappedFile
{
    private readonly byte[] _bytes;
    private volatile bool _disposed;

    public MemMappedFile(string path, byte[] bytes)
    {
        Path = path;
        _bytes = bytes;
    }

    public string Path { get; }

    public long Length => _bytes.Length;

    public ReadOnlySpan<byte> GetSpan(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((ulong)offset > (ulong)_bytes.Length || (uint)length > (ulong)(_bytes.Length - offset))
        {
            ThrowHelper.ThrowArgumentOutOfRange(
                nameof(offset), $"bytes [{offset}, {offset} + {length}) are outside '{Path}' ({_bytes.Length} bytes)");
        }

        return _bytes.AsSpan((int)offset, length);
    }

    public void Dispose() => _disposed = true;
}
