using Engine.Core.Storage;

namespace Engine.Tests.Infrastructure;

/// <summary>
/// Wraps a file system so that every fsync takes <c>delay</c> and is counted: with real fsync latency, writers that
/// arrive while one syncs queue up, so group commit becomes observable without depending on scheduling luck.
/// </summary>
internal sealed class SlowSyncFileSystem(IFileSystem inner, TimeSpan delay) : IFileSystem
{
    private long _syncs;

    public long Syncs => Interlocked.Read(ref _syncs);

    public IWritableFile Create(string path) => new SlowFile(this, inner.Create(path));

    public IWritableFile OpenForAppend(string path) => new SlowFile(this, inner.OpenForAppend(path));

    public IReadableFile OpenRead(string path) => inner.OpenRead(path);

    public IMappedFile OpenMapped(string path) => inner.OpenMapped(path);

    public bool Exists(string path) => inner.Exists(path);

    public long GetLength(string path) => inner.GetLength(path);

    public void Rename(string from, string to) => inner.Rename(from, to);

    public void Delete(string path) => inner.Delete(path);

    public void CreateDirectory(string path) => inner.CreateDirectory(path);

    public bool DirectoryExists(string path) => inner.DirectoryExists(path);

    public IReadOnlyList<string> List(string directory) => inner.List(directory);

    public IDisposable Lock(string path) => inner.Lock(path);

    private sealed class SlowFile(SlowSyncFileSystem owner, IWritableFile file) : IWritableFile
    {
        public string Path => file.Path;

        public long Length => file.Length;

        public void Append(ReadOnlySpan<byte> data) => file.Append(data);

        public void Sync()
        {
            Thread.Sleep(owner._delay);
            Interlocked.Increment(ref owner._syncs);
            file.Sync();
        }

        public void Truncate(long length) => file.Truncate(length);

        public void Dispose() => file.Dispose();
    }

    private readonly TimeSpan _delay = delay;
}
