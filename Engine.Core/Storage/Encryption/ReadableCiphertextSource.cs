using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>An <see cref="ICiphertextSource"/> over positional reads of an <see cref="IReadableFile"/>.</summary>
/// <remarks>Thread-safe, as positional reads are.</remarks>
internal sealed class ReadableCiphertextSource(IReadableFile file) : ICiphertextSource
{
    public long Length => file.Length;

    public int Read(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = file.Read(offset + total, destination[total..]);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
