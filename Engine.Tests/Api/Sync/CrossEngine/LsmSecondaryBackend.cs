using Engine.Api.Sync;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>A second LSM store on its own in-memory file system: the secondary while the SQLite backend is not available.</summary>
internal sealed class LsmSecondaryBackend : ISecondaryBackend
{
    private const string StorePath = "/secondary";

    private readonly MemFileSystem _fs = new();

    public LsmSecondaryBackend()
    {
        _fs.CreateDirectory("/scratch");
        _fs.CreateDirectory("/out");
    }

    public string Name => "lsm";

    public ISyncStore Open(FakeTimeProvider clock) => OpenLsm(_fs, StorePath, clock);

    public string ClonePath(string primaryPath) => "/out/" + Path.GetFileName(primaryPath) + ".secondary";

    public ISyncStore OpenClone(string path, FakeTimeProvider clock) => SyncStore.OpenArtifact(_fs, path, Options(clock));

    public void Dispose()
    {
    }

    /// <summary>Opens (or creates) an LSM sync store at <paramref name="path"/> on <paramref name="fs"/>.</summary>
    public static SyncStore OpenLsm(MemFileSystem fs, string path, FakeTimeProvider clock)
    {
        SyncStoreOptions options = Options(clock);
        return SyncStore.Open(LsmDatabase.Open(fs, path, options.Database.ToLsmOptions()), path, options);
    }

    public static SyncStoreOptions Options(FakeTimeProvider clock) => new() { TempDirectory = "/scratch", TimeProvider = clock };
}
