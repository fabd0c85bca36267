namespace Engine.Api.Sync.Tee;

/// <summary>
/// Clones and diffs through a tee. A clone writes the primary's file at the given path and the secondary's at
/// <see cref="TeeOptions.SecondaryOutputPath"/> (each engine writes its own format); a diff pairs the ids the two
/// engines mint. Another tee passed as the other store contributes its primary to the primary and its secondary (with
/// its own id pairs) to the secondary; any other store is given to both.
/// </summary>
/// <remarks>As thread-safe as the tee.</remarks>
internal sealed class TeeFileOps(TeeSyncStore tee) : IFileOps
{
    public void CloneSync(string outputPath, string syncId) => tee.Write(
        "IFileOps.CloneSync",
        () => $"{TeeText.Of(outputPath)}, {TeeText.Of(syncId)}",
        s => s.FileOps.CloneSync(outputPath, syncId),
        s => s.FileOps.CloneSync(tee.SecondaryPath(outputPath), tee.ToSecondaryId(syncId)));

    public void CopyIsolateSync(string outputPath, string syncId) => tee.Write(
        "IFileOps.CopyIsolateSync",
        () => $"{TeeText.Of(outputPath)}, {TeeText.Of(syncId)}",
        s => s.FileOps.CopyIsolateSync(outputPath, syncId),
        s => s.FileOps.CopyIsolateSync(tee.SecondaryPath(outputPath), tee.ToSecondaryId(syncId)));

    public string GenerateSyncDiff(string baseSyncId, string appliedSyncId) => tee.Write(
        "IFileOps.GenerateSyncDiff",
        () => $"{TeeText.Of(baseSyncId)}, {TeeText.Of(appliedSyncId)}",
        s => s.FileOps.GenerateSyncDiff(baseSyncId, appliedSyncId),
        s => s.FileOps.GenerateSyncDiff(tee.ToSecondaryId(baseSyncId), tee.ToSecondaryId(appliedSyncId)),
        new CustomComparison<string>(tee.LearnSyncId));

    public (string UpsertsSyncId, string DeletionsSyncId) GenerateSyncDiffFrom(ISyncStore? oldStore, string oldSyncId, string newSyncId)
    {
        (ISyncStore? primaryOld, ISyncStore? secondaryOld, string secondaryOldId) = tee.Other(oldStore, oldSyncId);
        return tee.Write(
            "IFileOps.GenerateSyncDiffFrom",
            () => $"{(oldStore is null ? "this store" : oldStore.OutputPath)}, {TeeText.Of(oldSyncId)}, {TeeText.Of(newSyncId)}",
            s => s.FileOps.GenerateSyncDiffFrom(primaryOld, oldSyncId, newSyncId),
            s => s.FileOps.GenerateSyncDiffFrom(secondaryOld, secondaryOldId, tee.ToSecondaryId(newSyncId)),
            new CustomComparison<(string UpsertsSyncId, string DeletionsSyncId)>((p, s) =>
                tee.LearnSyncId(p.UpsertsSyncId, s.UpsertsSyncId) ?? tee.LearnSyncId(p.DeletionsSyncId, s.DeletionsSyncId)));
    }

    public void MergeNewer(ISyncStore? appliedStore, string appliedSyncId, string baseSyncId)
    {
        (ISyncStore? primaryApplied, ISyncStore? secondaryApplied, string secondaryAppliedId) = tee.Other(appliedStore, appliedSyncId);
        tee.Write(
            "IFileOps.MergeNewer",
            () => $"{(appliedStore is null ? "this store" : appliedStore.OutputPath)}, {TeeText.Of(appliedSyncId)}, {TeeText.Of(baseSyncId)}",
            s => s.FileOps.MergeNewer(primaryApplied, appliedSyncId, baseSyncId),
            s => s.FileOps.MergeNewer(secondaryApplied, secondaryAppliedId, tee.ToSecondaryId(baseSyncId)));
    }
}
