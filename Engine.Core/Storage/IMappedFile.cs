using System;

namespace Engine.Core.Storage;

/// <summary>A read-only memory mapping of an immutable file.</summary>
/// <remarks>
/// Safe for concurrent readers. Spans returned by <see cref="GetSpan"/> point into the mapping and are valid only
/// until <see cref="IDisposable.Dispose"/>; the owner must reference-count readers so that the mapping outlives
/// every span taken from it.
/// </remarks>
internal interface IMappedFile : IDisposable
{
    /// <summary>The path the file was opened with.</summary>
    string Path { get; }

    /// <summary>The length of the mapped file in bytes.</summary>
    long Length { get; }

    /// <summary>The bytes <c>[offset, offset + length)</c> of the file, without copying.</summary>
    ReadOnlySpan<byte> GetSpan(long offset, int length);
}
