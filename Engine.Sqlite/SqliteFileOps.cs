using Engine.Api.Sync;

namespace Engine.Sqlite;

/// <summary>The <see cref="IFileOps"/> face of a <see cref="SqliteSyncStore"/>: every call goes to the store.</summary>
/// <remarks>As thread-safe as the store.</remarks>
internal sealed class SqliteFileOps(SqliteSyncStore store) : IFileOps
{
    public void CloneSync(string outputPath, string syncId) => store.CloneSync(outputPath, syncId);

    public void CopyIsolateSync(string outputPath, string syncId) => store.CopyIsolateSync(outputPath, syncId);

    public string GenerateSyncDiff(string baseSyncId, string appliedSyncId) => store.GenerateSyncDiff(baseSyncId, appliedSyncId);

    public (string UpsertsSyncId, string DeletionsSyncId) GenerateSyncDiffFrom(ISyncStore? oldStore, string oldSyncId, string newSyncId) =>
        store.GenerateSyncDiffFrom(oldStore, oldSyncId, newSyncId);

    public void MergeNewer(ISyncStore? appliedStore, string appliedSyncId, string baseSyncId) =>
        store.MergeNewer(appliedStore, appliedSyncId, baseSyncId);
}
