using Engine.Core.Storage;

namespace Engine.Tests.Lsm.Sst;

/// <summary>A readable file over bytes in memory that records each read's offset and length and whether it was disposed.</summary>
internal sealed class CountingReadableFile(byte[] bytes, string path) : IReadableFile
{
    public string Path => path;

    public long Length => bytes.Length;

    /// <summary>Every read so far: where it started and how many bytes it asked for.</summary>
    public List<(long Offset, int Length)> ReadLog { get; } = [];

    public int Reads => ReadLog.Count;

    public bool Disposed { get; private set; }

    public int Read(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        ReadLog.Add((offset, destination.Length));
        int count = (int)Math.Clamp(bytes.Length - offset, 0, destination.Length);
        bytes.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }

    public void Dispose() => Disposed = true;
}
