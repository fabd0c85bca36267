using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>Positional reads of an encrypted file's raw bytes, from a readable file or a mapping.</summary>
/// <remarks>Safe for concurrent reads.</remarks>
internal interface ICiphertextSource
{
    /// <summary>The raw length of the file.</summary>
    long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; fewer only at the end.</summary>
    int Read(long offset, Span<byte> destination);
}
