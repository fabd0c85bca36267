using System;
using System.Buffers;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>Copies a file through the <see cref="IFileSystem"/> abstraction, so it works on every implementation.</summary>
/// <remarks>
/// <para>
/// A byte copy is the only portable way: a hard link would make copying an immutable file free, but managed .NET
/// cannot create one without P/Invoke, which the engine does not use. The copy streams through one pooled buffer and
/// syncs the destination, which also makes its name durable (the contract in <see cref="IFileSystem"/>).
/// </para>
/// <para>Stateless; thread-safe. The source must not change while it is copied (the engine copies immutable tables).</para>
/// </remarks>
internal static class FileCopy
{
    /// <summary>Bytes moved per read and append: large enough that a table copies in few calls.</summary>
    public const int BufferSizeBytes = 256 << 10;

    /// <summary>
    /// Copies <paramref name="source"/> of <paramref name="sourceFs"/> to <paramref name="destination"/> of
    /// <paramref name="destinationFs"/>, replacing any file there, and syncs the copy. Returns the bytes copied.
    /// </summary>
    /// <exception cref="StorageException">Either file failed, or the source shrank while it was copied (Unavailable).</exception>
    public static long Copy(IFileSystem sourceFs, string source, IFileSystem destinationFs, string destination)
    {
        ArgumentNullException.ThrowIfNull(sourceFs);
        ArgumentNullException.ThrowIfNull(destinationFs);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSizeBytes);
        try
        {
            using IReadableFile input = sourceFs.OpenRead(source);
            using IWritableFile output = destinationFs.Create(destination);
            long length = input.Length;
            long offset = 0;
            while (offset < length)
            {
                int wanted = (int)Math.Min(buffer.Length, length - offset);
                int read = input.Read(offset, buffer.AsSpan(0, wanted));
                if (read <= 0)
                {
                    ThrowHelper.ThrowUnavailable($"'{source}' ended at {offset} bytes while being copied; it was {length} bytes when opened.", null);
                }

                output.Append(buffer.AsSpan(0, read));
                offset += read;
            }

            output.Sync();
            return offset;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies a file within one file system; see <see cref="Copy(IFileSystem, string, IFileSystem, string)"/>.</summary>
    public static long Copy(IFileSystem fs, string source, string destination) => Copy(fs, source, fs, destination);
}
