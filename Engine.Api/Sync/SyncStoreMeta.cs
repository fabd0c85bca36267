using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Telemetry;

namespace Engine.Api.Sync;

/// <summary>The <see cref="ISyncMeta"/> face of a <see cref="SyncStore"/>: every call goes to the store.</summary>
/// <remarks>As thread-safe as the store: one writer, reads from any thread.</remarks>
internal sealed class SyncStoreMeta(SyncStore store) : ISyncMeta
{
    public void MarkSyncSupportsDiff(string syncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.MarkSyncSupportsDiff, syncId);
        store.MarkSyncSupportsDiff(syncId);
    }

    public void SetSyncLink(string syncId, string linkedSyncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.SetSyncLink, syncId);
        store.SetSyncLink(syncId, linkedSyncId);
    }

    public SyncRunInfo? LatestFullSync()
    {
        using OperationScope op = store.BeginOperation(SyncOperation.LatestFullSync);
        return store.LatestFullSync();
    }

    public SyncRunInfo? LatestFinishedSyncOfAnyType()
    {
        using OperationScope op = store.BeginOperation(SyncOperation.LatestFinishedSyncOfAnyType);
        return store.LatestFinishedSyncOfAnyType();
    }

    public IReadOnlyDictionary<string, long> Stats(SyncType type, string syncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.Stats, syncId);
        return store.Stats(type, syncId);
    }

    public SyncStats StatsV2(SyncType type, string syncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.StatsV2, syncId);
        return store.StatsV2(type, syncId);
    }

    public IReadOnlyDictionary<string, long> GrantStats(SyncType type, string syncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.GrantStats, syncId);
        return store.GrantStats(type, syncId);
    }

    public void RecalculateStats(string syncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.RecalculateStats, syncId);
        store.RecalculateStats(syncId);
    }

    public void MarkIngestInvariantsVerified(string syncId, IngestInvariantVerification verification)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.MarkIngestInvariantsVerified, syncId);
        store.MarkIngestInvariantsVerified(syncId, verification);
    }

    public void ClearIngestInvariantVerification(string syncId)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.ClearIngestInvariantVerification, syncId);
        store.ClearIngestInvariantVerification(syncId);
    }
}
