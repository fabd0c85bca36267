namespace Engine.Api.Sync;

/// <summary>Copies and diffs of syncs (shared/spec/baton-storage.md, sections 1.12 and 1.13).</summary>
public interface IFileOps
{
    /// <summary>
    /// Writes a new store at <paramref name="outputPath"/> holding only the sync (the latest finished full sync when
    /// <paramref name="syncId"/> is empty), with the same id and its sessions. The output must not exist (checked
    /// first); the sync must exist (NotFound) and be ended (FailedPrecondition). The write is atomic.
    /// </summary>
    void CloneSync(string outputPath, string syncId);

    /// <summary>The same contract and output as <see cref="CloneSync"/>.</summary>
    void CopyIsolateSync(string outputPath, string syncId);

    /// <summary>
    /// Adds a partial sync (parent = base) holding the rows of <paramref name="appliedSyncId"/> whose ids
    /// <paramref name="baseSyncId"/> lacks (additions only), ends it and returns its id.
    /// </summary>
    string GenerateSyncDiff(string baseSyncId, string appliedSyncId);

    /// <summary>
    /// Adds the upserts and deletions diff of <paramref name="newSyncId"/> against <paramref name="oldSyncId"/>:
    /// a partial_upserts sync (rows new or whose blob or expansion differs) and a partial_deletions sync (rows gone),
    /// linked to each other, both with parent = old. The old sync is read from <paramref name="oldStore"/> (this store
    /// when null).
    /// </summary>
    (string UpsertsSyncId, string DeletionsSyncId) GenerateSyncDiffFrom(ISyncStore? oldStore, string oldSyncId, string newSyncId);

    /// <summary>
    /// Merges the records of <paramref name="appliedSyncId"/> (in <paramref name="appliedStore"/>, this store when
    /// null) into <paramref name="baseSyncId"/>: a record replaces the base's record of the same id only when the base
    /// has none or was discovered earlier. Then the base sync's type becomes the union (full, else resources_only, else
    /// partial) and its ended_at the later of the two.
    /// </summary>
    void MergeNewer(ISyncStore? appliedStore, string appliedSyncId, string baseSyncId);
}
