using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;

namespace Engine.Sqlite;

/// <summary>The <see cref="ISyncMeta"/> face of a <see cref="SqliteSyncStore"/>: every call goes to the store.</summary>
/// <remarks>As thread-safe as the store.</remarks>
internal sealed class SqliteSyncMeta(SqliteSyncStore store) : ISyncMeta
{
    public void MarkSyncSupportsDiff(string syncId) => store.MarkSyncSupportsDiff(syncId);

    public void SetSyncLink(string syncId, string linkedSyncId) => store.SetSyncLink(syncId, linkedSyncId);

    public SyncRunInfo? LatestFullSync() => store.LatestFullSync();

    public SyncRunInfo? LatestFinishedSyncOfAnyType() => store.LatestFinishedSyncOfAnyType();

    public IReadOnlyDictionary<string, long> Stats(SyncType type, string syncId) => store.Stats(type, syncId);

    public SyncStats StatsV2(SyncType type, string syncId) => store.StatsV2(type, syncId);

    public IReadOnlyDictionary<string, long> GrantStats(SyncType type, string syncId) => store.GrantStats(type, syncId);

    public void RecalculateStats(string syncId) => store.RecalculateStats(syncId);

    public void MarkIngestInvariantsVerified(string syncId, IngestInvariantVerification verification) =>
        store.MarkIngestInvariantsVerified(syncId, verification);

    public void ClearIngestInvariantVerification(string syncId) => store.ClearIngestInvariantVerification(syncId);
}
