using System;

namespace Engine.Core.Storage;

/// <summary>
/// A file being written front to back. Nothing is buffered in user space: when <see cref="Append(ReadOnlySpan{byte})"/>
/// returns, the bytes are with the operating system.
/// </summary>
/// <remarks>One writer at a time; <see cref="Length"/> may be read from any thread.</remarks>
internal interface IWritableFile : IDisposable
{
    /// <summary>The path the file was opened with.</summary>
    string Path { get; }

    /// <summary>The number of bytes written so far, which is the offset of the next append.</summary>
    long Length { get; }

    /// <summary>Writes <paramref name="data"/> at the end of the file.</summary>
    void Append(ReadOnlySpan<byte> data);

    /// <summary>Makes every byte written so far durable (fsync).</summary>
    void Sync();

    /// <summary>Cuts the file to <paramref name="length"/> bytes; the next append goes there.</summary>
    void Truncate(long length);
}
