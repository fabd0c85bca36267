using Engine.Api.Sync;
using Engine.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>The SQLite reference backend in a temporary directory on disk: its store and its clones are v1 <c>.c1z</c> files.</summary>
internal sealed class SqliteSecondaryBackend : ISecondaryBackend
{
    private readonly string _directory = Directory.CreateTempSubdirectory("engine-tee-").FullName;

    public SqliteSecondaryBackend()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "scratch"));
        Directory.CreateDirectory(Path.Combine(_directory, "out"));
    }

    public string Name => "sqlite";

    public ISyncStore Open(FakeTimeProvider clock) => SqliteSyncStore.Open(Path.Combine(_directory, "store.c1z"), Options(clock));

    public string ClonePath(string primaryPath) => Path.Combine(_directory, "out", Path.GetFileName(primaryPath) + ".c1z");

    public ISyncStore OpenClone(string path, FakeTimeProvider clock) => SqliteSyncStore.Open(path, Options(clock));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A store left open by a failed test holds its files; the OS temp cleanup removes them later.
        }
    }

    private SqliteSyncStoreOptions Options(FakeTimeProvider clock) => new() { TimeProvider = clock, TempDirectory = Path.Combine(_directory, "scratch") };
}
