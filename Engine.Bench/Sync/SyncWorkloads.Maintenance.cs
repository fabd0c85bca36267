using Engine.Api.Sync;

namespace Engine.Bench.Sync;

/// <summary>
/// diff_1pct and cleanup_3of5: maintenance on a writable store opened (untimed) from a packed setup and discarded after,
/// so every round starts from the same state.
/// </summary>
internal sealed partial class SyncWorkloads
{
    /// <summary>GenerateSyncDiff between two full syncs of N grants, the second with 1% of the ids new.</summary>
    private Func<WorkloadResult> Diff()
    {
        _diffArtifact ??= Build("diff.pack", store =>
        {
            string first = store.StartNewSync(SyncType.Full);
            _data.PutGrants(store, _n);
            store.EndSync();
            string second = store.StartNewSync(SyncType.Full);
            _data.PutGrants(store, _n, renamed: Math.Max(_n / 100, 1));
            store.EndSync();
            _diffSyncs = (first, second);
        });
        ISyncStore opened = _backend.Open(_diffArtifact, readOnly: false);
        return WithStore(opened, s =>
        {
            s.FileOps.GenerateSyncDiff(_diffSyncs.Base, _diffSyncs.Applied);
            return _n;
        });
    }

    /// <summary>Cleanup keeping 2 of 5 full syncs of N grants each: 3N grants deleted (and their space compacted).</summary>
    private Func<WorkloadResult> Cleanup()
    {
        _cleanupArtifact ??= Build("cleanup.pack", store =>
        {
            for (int i = 0; i < 5; i++)
            {
                store.StartNewSync(SyncType.Full);
                _data.PutGrants(store, _n);
                store.EndSync();
            }
        });
        ISyncStore opened = _backend.Open(_cleanupArtifact, readOnly: false, keepSyncCount: 2);
        return WithStore(opened, s =>
        {
            s.Cleanup();
            return 3L * _n;
        });
    }
}
