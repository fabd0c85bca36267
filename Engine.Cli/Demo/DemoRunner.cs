using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;

namespace Engine.Cli.Demo;

/// <summary>
/// The demo's work: prepares the store directory, runs the full syncs of a generated organisation with churn between
/// them, then reads back the last sync's stats, compares the last two syncs and applies the retention cleanup.
/// </summary>
internal static class DemoRunner
{
    public static DemoReport Run(CommandContext context, DemoSettings settings)
    {
        Stopwatch total = Stopwatch.StartNew();
        DemoStoreFolder.Prepare(settings.StorePath);
        DemoOrganization organisation = DemoOrganization.Generate(settings.Users, settings.Seed);
        List<DemoSyncTiming> timings = [];
        List<DemoChurn> churn = [];
        SyncStore store = SyncStore.Open(settings.StorePath);
        try
        {
            DemoProgress.Run(context, progress =>
            {
                for (int sync = 1; sync <= settings.Syncs; sync++)
                {
                    if (sync > 1)
                    {
                        churn.Add(organisation.Churn());
                    }

                    timings.Add(RunSync(store, organisation, progress, $"sync {sync}/{settings.Syncs}"));
                }

                return timings.Count;
            });

            string last = timings[^1].SyncId;
            SyncStats stats = store.GetSync(last).Stats;
            SyncComparison? diff = timings.Count > 1 ? store.CompareSyncs(timings[^2].SyncId, last) : null;
            List<SyncChange> examples = diff is null ? [] : Examples(diff);
            DemoCleanup cleanup = Cleanup(store);
            store.Close();
            return new DemoReport(settings, timings, churn, stats, diff, examples, cleanup, total.Elapsed, DemoStoreFolder.SizeOnDisk(settings.StorePath));
        }
        finally
        {
            store.Dispose();
        }
    }

    /// <summary>One full sync of the organisation as it is now, written in batches.</summary>
    private static DemoSyncTiming RunSync(SyncStore store, DemoOrganization organisation, DemoProgress progress, string name)
    {
        Spectre.Console.ProgressTask? bar = progress.Start(name, organisation.Count().Total);
        Stopwatch watch = Stopwatch.StartNew();
        string id = store.StartNewSync(SyncType.Full);
        long written = 0;
        written += Put(DemoOrganization.ResourceTypes(), batch => store.PutResourceTypes(batch), bar);
        written += Put(organisation.Resources(), batch => store.PutResources(batch), bar);
        written += Put(organisation.Entitlements(), batch => store.PutEntitlements(batch), bar);
        written += Put(organisation.Grants(), batch => store.PutGrants(batch), bar);
        store.EndSync();
        watch.Stop();
        bar?.StopTask();
        return new DemoSyncTiming(id, written, watch.Elapsed);
    }

    /// <summary>Writes <paramref name="records"/> in batches of <see cref="DemoSettings.BatchSize"/>; returns how many.</summary>
    private static long Put<T>(IEnumerable<T> records, Action<T[]> put, Spectre.Console.ProgressTask? bar)
    {
        long count = 0;
        foreach (T[] batch in records.Chunk(DemoSettings.BatchSize))
        {
            put(batch);
            count += batch.Length;
            bar?.Increment(batch.Length);
        }

        return count;
    }

    /// <summary>
    /// The first two changes of each table and kind, up to <see cref="DemoSettings.DiffExamples"/>, so that the report
    /// shows a bit of everything; one pass over the stream, nothing kept but them.
    /// </summary>
    private static List<SyncChange> Examples(SyncComparison diff)
    {
        Dictionary<(RecordTable, SyncChangeKind), int> taken = [];
        List<SyncChange> examples = [];
        foreach (SyncChange change in diff.Changes())
        {
            int count = taken.GetValueOrDefault((change.Table, change.Kind));
            if (count < 2)
            {
                examples.Add(change);
                taken[(change.Table, change.Kind)] = count + 1;
                if (examples.Count == DemoSettings.DiffExamples)
                {
                    break;
                }
            }
        }

        return examples;
    }

    /// <summary>The retention cleanup with the default keep count and the compaction of what it freed (<see cref="SyncStore.Vacuum"/>).</summary>
    private static DemoCleanup Cleanup(SyncStore store)
    {
        int before = CountSyncs(store);
        VacuumReport vacuum = store.Vacuum();
        return new DemoCleanup(before, CountSyncs(store), vacuum.BytesBefore, vacuum.BytesAfter, vacuum.Duration);
    }

    private static int CountSyncs(SyncStore store)
    {
        int count = 0;
        string? token = null;
        do
        {
            Page<SyncRunInfo> page = store.ListSyncRuns(pageSize: 1000, token);
            count += page.Items.Count;
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return count;
    }
}
