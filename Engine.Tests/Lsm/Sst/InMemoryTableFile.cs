using Engine.Core.Storage;

namespace Engine.Tests.Lsm.Sst;

/// <summary>A writable file that collects its bytes in memory, counting appends and syncs.</summary>
internal sealed class InMemoryTableFile(string path = "test.sst") : IWritableFile
{
    private readonly List<byte> _bytes = [];

    public string Path { get; } = path;

    public long Length => _bytes.Count;

    public int AppendCount { get; private set; }

    public int SyncCount { get; private set; }

    public byte[] ToArray() => _bytes.ToArray();

    public void Append(ReadOnlySpan<byte> data)
    {
        _bytes.AddRange(data);
        AppendCount++;
    }

    public void Sync() => SyncCount++;

    public void Truncate(long length) => _bytes.RemoveRange((int)length, _bytes.Count - (int)length);

    public void Dispose()
    {
    }
}
