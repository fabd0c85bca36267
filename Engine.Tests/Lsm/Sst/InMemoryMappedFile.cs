using Engine.Core.Storage;

namespace Engine.Tests.Lsm.Sst;

/// <summary>An <see cref="IMappedFile"/> over a byte array; bounds-checked like a real view, and records its disposal.</summary>
internal sealed class InMemoryMappedFile(byte[] bytes, string path = "test.sst") : IMappedFile
{
    public string Path { get; } = path;

    public long Length => bytes.Length;

    public bool Disposed { get; private set; }

    public ReadOnlySpan<byte> GetSpan(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, bytes.Length);
        return bytes.AsSpan((int)offset, length);
    }

    public void Dispose() => Disposed = true;
}
