using System;

namespace Engine.Core.Storage;

/// <summary>A file read with positional reads.</summary>
/// <remarks>Safe for concurrent reads: positional reads share no cursor.</remarks>
internal interface IReadableFile : IDisposable
{
    /// <summary>The path the file was opened with.</summary>
    string Path { get; }

    /// <summary>The length of the file in bytes when it was opened.</summary>
    long Length { get; }

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many were read,
    /// which is less only at the end of the file.
    /// </summary>
    int Read(long offset, Span<byte> destination);
}
