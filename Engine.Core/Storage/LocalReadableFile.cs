using System;
using System.IO;
using Engine.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace Engine.Core.Storage;

/// <summary>A file read with <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>.</summary>
/// <remarks>Safe for concurrent reads: positional reads share no cursor, so one handle serves every reader.</remarks>
internal sealed class LocalReadableFile : IReadableFile
{
    private readonly SafeFileHandle _handle;

    public LocalReadableFile(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        _handle = handle;
        Length = length;
    }

    public string Path { get; }

    public long Length { get; }

    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        int total = 0;
        try
        {
            // The OS may return fewer bytes than asked for before the end of the file; only 0 means the end.
            while (total < destination.Length)
            {
                int read = RandomAccess.Read(_handle, destination[total..], offset + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (Exception ex) when (LocalFileSystem.IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(Path, ex);
        }

        return total;
    }

    public void Dispose() => _handle.Dispose();
}
