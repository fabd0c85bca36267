using Engine.Core.Storage;

namespace Engine.Bench.Micro;

/// <summary>A writable file that counts and drops what it is given, so a benchmark measures the writer, not a disk. Not thread-safe.</summary>
internal sealed class DiscardFile : IWritableFile
{
    public string Path => "<discard>";

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data) => Length += data.Length;

    public void Sync()
    {
    }

    public void Truncate(long length) => Length = length;

    public void Dispose()
    {
    }
}
