using System;
using System.IO;
using System.Threading;
using Engine.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace Engine.Core.Storage;

/// <summary>
/// A file written with positional writes at a tracked end offset. Each <see cref="Append"/> is one
/// <see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>, with no user-space buffer, so
/// the bytes are with the operating system when it returns.
/// </summary>
/// <remarks>One writer at a time; <see cref="Length"/> may be read from any thread.</remarks>
internal sealed class LocalWritableFile : IWritableFile
{
    private readonly SafeFileHandle _handle;

    // Written by the one writer, read by anyone through Length.
    private long _length;

    public LocalWritableFile(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        _handle = handle;
        _length = length;
    }

    public string Path { get; }

    public long Length => Volatile.Read(ref _length);

    public void Append(ReadOnlySpan<byte> data)
    {
        long offset = _length;
        try
        {
            RandomAccess.Write(_handle, data, offset);
        }
        catch (Exception ex) when (LocalFileSystem.IsIOFailure(ex))
        {
            // A failed write may have left a prefix behind; the offset stays put so the next append covers it.
            throw ThrowHelper.FromIOException(Path, ex);
        }

        Volatile.Write(ref _length, offset + data.Length);
    }

    public void Sync()
    {
        try
        {
            RandomAccess.FlushToDisk(_handle);
        }
        catch (Exception ex) when (LocalFileSystem.IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(Path, ex);
        }
    }

    public void Truncate(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        try
        {
            RandomAccess.SetLength(_handle, length);
        }
        catch (Exception ex) when (LocalFileSystem.IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(Path, ex);
        }

        Volatile.Write(ref _length, length);
    }

    public void Dispose() => _handle.Dispose();
}
