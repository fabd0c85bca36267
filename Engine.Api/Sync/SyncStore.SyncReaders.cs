using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The sync-run readers (shared/spec/baton-storage.md, section 1.10): one run with its stats, the runs in creation order
/// (the <see cref="Keyspace.SyncOrder"/> keyspace, paged), and the latest-finished lookups.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>A creation-order key: the keyspace byte and a big-endian sequence number.</summary>
    private const int SyncOrderKeyLength = 1 + sizeof(long);

    /// <summary>The sync run with its stats (counted when not cached).</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    public SyncRun GetSync(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetSync, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        (Ksuid id, SyncRunRecord run) = ExistingRun(syncId);
        return SyncRunViews.ToSyncRun(run, StatsOf(id, run, forceRefresh: false));
    }

    /// <summary>One page of the sync runs in creation order, without stats.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed page token or one of another listing.</exception>
    public Page<SyncRun> ListSyncs(int pageSize, string? pageToken)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListSyncs);
        return SyncTelemetry.Returned(RunsPage(pageSize, pageToken, static (_, run) => SyncRunViews.ToSyncRun(run, stats: null)));
    }

    /// <summary>The latest finished sync of <paramref name="type"/> (any when Any) with its stats, or null when none.</summary>
    /// <exception cref="StorageException">InvalidArgument: <paramref name="type"/> is undefined.</exception>
    public SyncRun? GetLatestFinishedSync(SyncType type)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetLatestFinishedSync);
        ThrowIfClosed();
        RequireKnownType(type);
        return LatestFinished(type, 0) is (Ksuid id, SyncRunRecord run) ? SyncRunViews.ToSyncRun(run, StatsOf(id, run, forceRefresh: false)) : null;
    }

    /// <summary>The id of the latest finished sync of <paramref name="type"/> (ended_at, then id, descending), or empty when none.</summary>
    /// <exception cref="StorageException">InvalidArgument: <paramref name="type"/> is undefined.</exception>
    public string LatestFinishedSyncId(SyncType type)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.LatestFinishedSyncId);
        return FinishedSyncId(type, 0);
    }

    /// <summary>The id of the second-latest finished sync of <paramref name="type"/>, or empty when none.</summary>
    /// <exception cref="StorageException">InvalidArgument: <paramref name="type"/> is undefined.</exception>
    public string PreviousSyncId(SyncType type)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.PreviousSyncId);
        return FinishedSyncId(type, 1);
    }

    /// <summary>One page of the sync runs with everything the store keeps about them (cached stats included), oldest first.</summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed page token or one of another listing.</exception>
    public Page<SyncRunInfo> ListSyncRuns(int pageSize, string? pageToken)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListSyncRuns);
        return SyncTelemetry.Returned(RunsPage(pageSize, pageToken, (id, run) => SyncRunViews.ToInfo(run, CachedStats(id, run))));
    }

    /// <summary>The latest finished full sync, or null.</summary>
    internal SyncRunInfo? LatestFullSync() => LatestFinishedInfo(SyncType.Full);

    /// <summary>The latest finished sync of any type, or null.</summary>
    internal SyncRunInfo? LatestFinishedSyncOfAnyType() => LatestFinishedInfo(SyncType.Any);

    private SyncRunInfo? LatestFinishedInfo(SyncType type)
    {
        ThrowIfClosed();
        return LatestFinished(type, 0) is (Ksuid id, SyncRunRecord run) ? SyncRunViews.ToInfo(run, CachedStats(id, run)) : null;
    }

    private string FinishedSyncId(SyncType type, int offset)
    {
        ThrowIfClosed();
        RequireKnownType(type);
        return LatestFinished(type, offset) is (Ksuid id, _) ? id.ToString() : "";
    }

    /// <summary>
    /// One page of runs in creation order: at most the clamped page size, with a token (base64url of the last
    /// creation-order key) only when another run follows.
    /// </summary>
    private Page<T> RunsPage<T>(int pageSize, string? pageToken, Func<Ksuid, SyncRunRecord, T> view)
    {
        ThrowIfClosed();
        int limit = Paging.Clamp(pageSize);
        KeyRange keyspace = SyncKeys.KeyspaceRange(Keyspace.SyncOrder);
        byte[]? start = string.IsNullOrEmpty(pageToken) ? null : ResumeAfterRun(pageToken);
        List<T> items = [];
        byte[]? lastKey = null;
        bool more = false;
        foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(start is null ? keyspace : KeyRange.Between(start, keyspace.Upper)))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            Ksuid id = SyncOrderTarget(entry);
            SyncRunRecord? run = TryGetRun(id);
            if (run is null)
            {
                SyncErrors.CorruptValue(_path, entry.Key, $"the sync-order entry names sync '{id}', which has no record");
            }

            items.Add(view(id, run));
            lastKey = entry.Key;
        }

        return new Page<T>(items, more ? PageTokens.After(lastKey!) : "");
    }

    /// <summary>The first creation-order key after a token's; InvalidArgument when the token is not one of this listing.</summary>
    private static byte[] ResumeAfterRun(string pageToken)
    {
        byte[] resume = PageTokens.ResumeKey(pageToken, (byte)Keyspace.SyncOrder, [], 1);
        if (resume.Length != SyncOrderKeyLength + 1)
        {
            SyncErrors.InvalidArgument("the page token belongs to another listing");
        }

        return resume;
    }

    /// <summary>The sync a creation-order entry names; corruption when the entry is malformed.</summary>
    private Ksuid SyncOrderTarget(KeyValuePair<byte[], byte[]> entry)
    {
        if (entry.Key.Length != SyncOrderKeyLength || entry.Value.Length != Ksuid.ByteLength)
        {
            SyncErrors.CorruptValue(_path, entry.Key, "a sync-order entry is not a sequence number naming a 20-byte sync id");
        }

        return Ksuid.FromBytes(entry.Value);
    }
}
