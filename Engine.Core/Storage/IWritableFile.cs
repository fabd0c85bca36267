using System;

namespace Engine.Core.Storage;

/// <summary>
/// A file being written front to back. The local and in-memory files buffer nothing in user space: when
/// <see cref="Append(ReadOnlySpan{byte})"/> returns, the bytes are with the operating system. A layered file (the
/// encrypted one) may hold the tail of the last page until <see cref="Flush"/>, <see cref="Sync"/> or
/// <see cref="IDisposable.Dispose"/>, so a writer that promises survival of a process crash calls <see cref="Flush"/>.
/// </summary>
/// <remarks>One writer at a time; <see cref="Length"/> (which counts held bytes) may be read from any thread.</remarks>
internal interface IWritableFile : IDisposable
{
    /// <summary>The path the file was opened with.</summary>
    string Path { get; }

    /// <summary>The number of bytes written so far, which is the offset of the next append.</summary>
    long Length { get; }

    /// <summary>Writes <paramref name="data"/> at the end of the file.</summary>
    void Append(ReadOnlySpan<byte> data);

    /// <summary>
    /// Hands every byte appended so far to the operating system, so that it survives a crash of the process. Does
    /// nothing for files that buffer nothing.
    /// </summary>
    void Flush()
    {
    }

    /// <summary>Makes every byte written so far durable (fsync).</summary>
    void Sync();

    /// <summary>Cuts the file to <paramref name="length"/> bytes; the next append goes there.</summary>
    void Truncate(long length);
}
