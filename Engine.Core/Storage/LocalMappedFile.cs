using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Threading;
using Engine.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace Engine.Core.Storage;

// SAFETY: spans handed out by GetSpan point straight into the mapped view, through a pointer acquired once
// from the view's SafeMemoryMappedViewHandle.
// - The view, the mapping and the pointer reference stay alive until Dispose; Dispose releases the pointer and
//   unmaps, after which any span taken earlier dangles. The owner (the table cache) reference-counts readers so
//   that Dispose runs only after the last span is dropped, as IMappedFile's contract requires.
// - GetSpan checks offset and length against the file length (not the view capacity, which is rounded up to a
//   page), so no span reaches past the bytes of the file.
// - The file must not be truncated while mapped (IFileSystem.OpenMapped's contract): touching a page past a
//   shrunken end raises SIGBUS, which no managed code can catch.

/// <summary>
/// A read-only memory mapping of a whole file, made with one view over <see cref="MemoryMappedFile"/>.
/// A zero-length file, which the operating system cannot map, becomes an empty mapping.
/// </summary>
/// <remarks>Safe for concurrent readers; <see cref="Dispose"/> must not race with them (see the SAFETY note).</remarks>
internal sealed unsafe class LocalMappedFile : IMappedFile
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;

    // The first byte of the file inside the view; null for an empty file.
    private readonly byte* _pointer;

    // 1 once disposed; GetSpan checks it so that a use after Dispose throws instead of reading unmapped memory.
    private int _disposed;

    private LocalMappedFile(string path, MemoryMappedFile? file, MemoryMappedViewAccessor? view, long length)
    {
        Path = path;
        Length = length;
        _file = file;
        _view = view;
        if (view is not null)
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);

            // The view begins at the page boundary at or below offset 0 of the request; PointerOffset skips to it.
            _pointer = start + view.PointerOffset;
        }
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Maps the file at <paramref name="path"/>.</summary>
    public static LocalMappedFile Map(string path)
    {
        // Readers let the file be deleted while mapped: the table cache drops obsolete tables lazily.
        SafeFileHandle? handle = LocalFileSystem.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length == 0)
            {
                return new LocalMappedFile(path, null, null, 0);
            }

            file = MemoryMappedFile.CreateFromFile(
                handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            handle = null;
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            LocalMappedFile mapped = new(path, file, view, length);
            file = null;
            view = null;
            return mapped;
        }
        catch (Exception ex) when (LocalFileSystem.IsIOFailure(ex))
        {
            throw ThrowHelper.FromIOException(path, ex);
        }
        finally
        {
            // Whatever was not handed to the mapping is released here, on success and failure alike.
            view?.Dispose();
            file?.Dispose();
            handle?.Dispose();
        }
    }

    public ReadOnlySpan<byte> GetSpan(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if ((ulong)offset > (ulong)Length || (uint)length > (ulong)(Length - offset))
        {
            ThrowOutOfRange(offset, length);
        }

        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _file?.Dispose();
    }

    private void ThrowOutOfRange(long offset, int length) =>
        ThrowHelper.ThrowArgumentOutOfRange(
            nameof(offset), $"bytes [{offset}, {offset} + {length}) are outside '{Path}' ({Length} bytes)");
}
