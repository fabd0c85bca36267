using Engine.Api.Sync;
using Engine.Sqlite;

namespace Engine.Bench.Sync;

/// <summary>The SQLite reference backend, saved as its v1 <c>.c1z</c> (<see cref="SqliteSyncStore.Open"/>).</summary>
/// <param name="tempDirectory">Where the store decompresses its working database.</param>
internal sealed class SqliteSyncBackend(string tempDirectory) : ISyncBackend
{
    /// <inheritdoc/>
    public string Name => "sqlite";

    /// <inheritdoc/>
    public ISyncStore Open(string artifactPath, bool readOnly, int keepSyncCount = 0) =>
        SqliteSyncStore.Open(artifactPath, new SqliteSyncStoreOptions { TempDirectory = tempDirectory, ReadOnly = readOnly, KeepSyncCount = keepSyncCount });

    /// <inheritdoc/>
    public ISyncStore ImportV1(string c1zPath, string directory) =>
        SqliteSyncStore.Open(c1zPath, new SqliteSyncStoreOptions { TempDirectory = tempDirectory, ReadOnly = true });
}
