using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>Sync-run metadata and stats through a tee: runs compare with the stamps' tolerance and translated ids, maps key by key.</summary>
/// <remarks>As thread-safe as the tee.</remarks>
internal sealed class TeeSyncMeta(TeeSyncStore tee, TimeSpan tolerance) : ISyncMeta
{
    private static readonly CustomComparison<IReadOnlyDictionary<string, long>> s_counts =
        new(static (p, s) => TeeEquality.MapDifference(p, s, EqualityComparer<long>.Default));

    private readonly ValueComparison<SyncRunInfo?> _runs = new(TeeEquality.SyncRunInfo(tolerance)!);

    public void MarkSyncSupportsDiff(string syncId) =>
        tee.Write("ISyncMeta.MarkSyncSupportsDiff", () => TeeText.Of(syncId), s => s.SyncMeta.MarkSyncSupportsDiff(syncId), s => s.SyncMeta.MarkSyncSupportsDiff(tee.ToSecondaryId(syncId)));

    public void SetSyncLink(string syncId, string linkedSyncId) => tee.Write(
        "ISyncMeta.SetSyncLink",
        () => $"{TeeText.Of(syncId)}, {TeeText.Of(linkedSyncId)}",
        s => s.SyncMeta.SetSyncLink(syncId, linkedSyncId),
        s => s.SyncMeta.SetSyncLink(tee.ToSecondaryId(syncId), tee.ToSecondaryId(linkedSyncId)));

    public SyncRunInfo? LatestFullSync() =>
        tee.Read("ISyncMeta.LatestFullSync", static () => "", static s => s.SyncMeta.LatestFullSync(), static s => s.SyncMeta.LatestFullSync(), _runs, tee.RunToPrimary);

    public SyncRunInfo? LatestFinishedSyncOfAnyType() =>
        tee.Read("ISyncMeta.LatestFinishedSyncOfAnyType", static () => "", static s => s.SyncMeta.LatestFinishedSyncOfAnyType(), static s => s.SyncMeta.LatestFinishedSyncOfAnyType(), _runs, tee.RunToPrimary);

    public IReadOnlyDictionary<string, long> Stats(SyncType type, string syncId) =>
        tee.Read("ISyncMeta.Stats", () => $"{type}, {TeeText.Of(syncId)}", s => s.SyncMeta.Stats(type, syncId), s => s.SyncMeta.Stats(type, tee.ToSecondaryId(syncId)), s_counts);

    public SyncStats StatsV2(SyncType type, string syncId) =>
        tee.Read("ISyncMeta.StatsV2", () => $"{type}, {TeeText.Of(syncId)}", s => s.SyncMeta.StatsV2(type, syncId), s => s.SyncMeta.StatsV2(type, tee.ToSecondaryId(syncId)), ValueComparison<SyncStats>.Default);

    public IReadOnlyDictionary<string, long> GrantStats(SyncType type, string syncId) =>
        tee.Read("ISyncMeta.GrantStats", () => $"{type}, {TeeText.Of(syncId)}", s => s.SyncMeta.GrantStats(type, syncId), s => s.SyncMeta.GrantStats(type, tee.ToSecondaryId(syncId)), s_counts);

    public void RecalculateStats(string syncId) =>
        tee.Write("ISyncMeta.RecalculateStats", () => TeeText.Of(syncId), s => s.SyncMeta.RecalculateStats(syncId), s => s.SyncMeta.RecalculateStats(tee.ToSecondaryId(syncId)));

    public void MarkIngestInvariantsVerified(string syncId, IngestInvariantVerification verification) => tee.Write(
        "ISyncMeta.MarkIngestInvariantsVerified",
        () => $"{TeeText.Of(syncId)}, {verification}",
        s => s.SyncMeta.MarkIngestInvariantsVerified(syncId, verification),
        s => s.SyncMeta.MarkIngestInvariantsVerified(tee.ToSecondaryId(syncId), verification));

    public void ClearIngestInvariantVerification(string syncId) => tee.Write(
        "ISyncMeta.ClearIngestInvariantVerification",
        () => TeeText.Of(syncId),
        s => s.SyncMeta.ClearIngestInvariantVerification(syncId),
        s => s.SyncMeta.ClearIngestInvariantVerification(tee.ToSecondaryId(syncId)));
}
