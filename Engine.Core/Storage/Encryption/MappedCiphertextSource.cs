using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>An <see cref="ICiphertextSource"/> over a mapping of the raw file: reads copy out of the mapping.</summary>
/// <remarks>Thread-safe, as the mapping is.</remarks>
internal sealed class MappedCiphertextSource(IMappedFile file) : ICiphertextSource
{
    public long Length => file.Length;

    public int Read(long offset, Span<byte> destination)
    {
        if (offset >= file.Length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, file.Length - offset);
        file.GetSpan(offset, count).CopyTo(destination);
        return count;
    }
}
