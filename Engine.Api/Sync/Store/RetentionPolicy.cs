using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The reference's sync retention policy (shared/spec/baton-storage.md, section 1.14; <c>c1zstore.SelectSyncsToDelete</c>
/// and <c>ResolveCleanupSyncLimit</c>), quirks included, as pure functions of their inputs.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class RetentionPolicy
{
    /// <summary>The full syncs kept when neither the caller nor the environment says otherwise.</summary>
    public const int DefaultKeepSyncCount = 2;

    /// <summary>The environment variable that turns Cleanup off when it parses as a true Go boolean.</summary>
    public const string SkipCleanupVariable = "BATON_SKIP_CLEANUP";

    /// <summary>The environment variable with the number of full syncs to keep, used when the caller gives none.</summary>
    public const string KeepSyncCountVariable = "BATON_KEEP_SYNC_COUNT";

    /// <summary>
    /// The ids to delete among <paramref name="candidates"/> (oldest first): unended syncs and the current one are
    /// never deleted; of the full syncs (full and any unknown type) the oldest beyond <paramref name="limit"/>, and then
    /// the partial syncs (partial, resources_only) that ended before the start of the cutoff full sync, which is
    /// <c>fulls[overflow]</c>, or with a current sync <c>fulls[overflow - 1]</c> (the reference's quirk: the newest
    /// deleted full, so fewer partials go); of more than two diff syncs (partial_upserts, partial_deletions) all but
    /// the newest and its linked partner.
    /// </summary>
    /// <param name="candidates">Every sync run, oldest first.</param>
    /// <param name="currentSyncId">The bound sync, or empty.</param>
    /// <param name="limit">The full syncs to keep besides the current one (already reduced for an open sync).</param>
    public static List<string> SelectSyncsToDelete(IReadOnlyList<SyncRunInfo> candidates, string currentSyncId, int limit)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(currentSyncId);
        List<SyncRunInfo> fulls = [];
        List<SyncRunInfo> partials = [];
        List<SyncRunInfo> diffs = [];
        foreach (SyncRunInfo run in candidates)
        {
            if (run.EndedAt is null || run.Id == currentSyncId)
            {
                continue;
            }

            List<SyncRunInfo> bucket = run.Type switch
            {
                "partial" or "resources_only" => partials,
                "partial_upserts" or "partial_deletions" => diffs,
                _ => fulls,
            };
            bucket.Add(run);
        }

        List<string> doomed = [];
        if (fulls.Count > limit)
        {
            int overflow = fulls.Count - limit;
            for (int i = 0; i < overflow; i++)
            {
                doomed.Add(fulls[i].Id);
            }

            int cutoffIndex = overflow - (currentSyncId.Length != 0 ? 1 : 0);
            if (cutoffIndex >= 0 && cutoffIndex < fulls.Count && fulls[cutoffIndex].StartedAt is DateTimeOffset cutoff)
            {
                foreach (SyncRunInfo partial in partials)
                {
                    if (partial.EndedAt < cutoff)
                    {
                        doomed.Add(partial.Id);
                    }
                }
            }
        }

        if (diffs.Count > 2)
        {
            SyncRunInfo latest = diffs[^1];
            string partner = diffs.Exists(d => d.Id == latest.LinkedSyncId && latest.LinkedSyncId.Length != 0) ? latest.LinkedSyncId : "";
            foreach (SyncRunInfo diff in diffs)
            {
                if (diff.Id != latest.Id && (partner.Length == 0 || diff.Id != partner))
                {
                    doomed.Add(diff.Id);
                }
            }
        }

        return doomed;
    }

    /// <summary>
    /// The full syncs Cleanup keeps: <paramref name="callerLimit"/> when above 0, else
    /// <paramref name="keepSyncCountVariable"/> when it parses as a Go base-10 integer above 0, else
    /// <see cref="DefaultKeepSyncCount"/>; one fewer when a sync is open, never below 0.
    /// </summary>
    public static int ResolveCleanupSyncLimit(int callerLimit, bool currentOpen, string? keepSyncCountVariable)
    {
        int limit = DefaultKeepSyncCount;
        if (callerLimit > 0)
        {
            limit = callerLimit;
        }
        else if (long.TryParse(keepSyncCountVariable, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long fromEnv) && fromEnv > 0)
        {
            limit = (int)Math.Min(fromEnv, int.MaxValue);
        }

        return currentOpen && limit > 0 ? limit - 1 : limit;
    }

    /// <summary>True when <paramref name="value"/> is a true value for Go's <c>strconv.ParseBool</c> (1, t, T, TRUE, true, True).</summary>
    public static bool IsTrue(string? value) => value is "1" or "t" or "T" or "TRUE" or "true" or "True";
}
