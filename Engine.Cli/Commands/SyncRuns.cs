using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;

namespace Engine.Cli.Commands;

/// <summary>What several commands read about a store's syncs: every run, and one run's record counts.</summary>
internal static class SyncRuns
{
    /// <summary>Every sync run of <paramref name="store"/>, in creation order.</summary>
    public static List<SyncRunInfo> All(SyncStore store)
    {
        List<SyncRunInfo> runs = [];
        string? token = null;
        do
        {
            Page<SyncRunInfo> page = store.ListSyncRuns(pageSize: 1000, token);
            runs.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return runs;
    }

    /// <summary>The record counts of sync <paramref name="syncId"/> (cached, or counted now); NotFound when it is no sync of the store.</summary>
    public static SyncStats StatsOf(SyncStore store, string syncId) => store.GetSync(syncId).Stats ?? new SyncStats();

    /// <summary>Resource types, resources, entitlements, grants and assets, together.</summary>
    public static long Records(SyncStats stats) => stats.ResourceTypes + stats.Resources + stats.Entitlements + stats.Grants + stats.Assets;
}
