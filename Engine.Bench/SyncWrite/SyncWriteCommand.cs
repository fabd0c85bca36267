using System.Diagnostics;
using System.Globalization;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Sqlite;

namespace Engine.Bench.SyncWrite;

/// <summary>
/// The <c>sync-write</c> verb: the reference's WritePack workload on one store. StartNewSync, PutGrants of N grants
/// (<c>grant-%08d</c> over 100 entitlements and 1,000 users, each grant carrying its entitlement and principal as full
/// messages) in batches of 10,000, EndSync, Close; prints one JSON line with grants/s, allocated bytes per grant and the
/// peak resident set.
/// </summary>
/// <remarks>
/// One run per process, so the peak resident set belongs to it; run the verb several times for medians. The grant
/// messages are built before the clock starts (the connector's cost, not the store's), batch by batch, so the
/// measured allocations are the store's. <c>--pack</c> writes a packed artifact (the reference's WritePack) instead of
/// a directory; <c>--backend sqlite</c> runs the same workload on the SQLite backend (with <c>--pack</c>: a v1
/// <c>.c1z</c>). The scratch directory is deleted after. Stateless.
/// </remarks>
internal static class SyncWriteCommand
{
    private const string Usage = "usage: Engine.Bench sync-write [--grants N] [--batch B] [--pack] [--backend lsm|sqlite] [--dir D]\n";

    private const int Entitlements = 100;

    private const int Users = 1000;

    public static int Run(string[] args)
    {
        int grants = 100_000;
        int batchSize = 10_000;
        bool pack = false;
        string backend = "lsm";
        string root = Path.GetTempPath();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--grants" when i + 1 < args.Length:
                    grants = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--batch" when i + 1 < args.Length:
                    batchSize = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--pack":
                    pack = true;
                    break;
                case "--backend" when i + 1 < args.Length && args[i + 1] is "lsm" or "sqlite":
                    backend = args[++i];
                    break;
                case "--dir" when i + 1 < args.Length:
                    root = args[++i];
                    break;
                default:
                    Console.Error.Write(Usage);
                    return 2;
            }
        }

        string scratch = Path.Combine(root, $"sync-write-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            return Measure(grants, batchSize, pack, backend, scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static int Measure(int grants, int batchSize, bool pack, string backend, string scratch)
    {
        Entitlement[] entitlements = new Entitlement[Entitlements];
        for (int e = 0; e < Entitlements; e++)
        {
            entitlements[e] = new Entitlement
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"group:g{e:D3}:member"),
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"Group {e} member"),
                Resource = new Resource { Id = new ResourceId { ResourceType = "group", Resource = string.Create(CultureInfo.InvariantCulture, $"g{e:D3}") }, DisplayName = string.Create(CultureInfo.InvariantCulture, $"Group {e}") },
            };
        }

        Resource[] users = new Resource[Users];
        for (int u = 0; u < Users; u++)
        {
            users[u] = new Resource
            {
                Id = new ResourceId { ResourceType = "user", Resource = string.Create(CultureInfo.InvariantCulture, $"u{u:D4}") },
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"User {u}"),
            };
        }

        Grant[] batch = new Grant[Math.Min(batchSize, grants)];
        using ISyncStore store = Open(backend, pack, scratch);
        long allocated = 0;
        long peakRss = 0;
        Stopwatch clock = new();
        double threadCpu = 0;
        store.StartNewSync(SyncType.Full);
        for (int start = 0; start < grants; start += batch.Length)
        {
            int count = Math.Min(batch.Length, grants - start);
            for (int i = 0; i < count; i++)
            {
                int n = start + i;
                batch[i] = new Grant
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"grant-{n:D8}"),
                    Entitlement = entitlements[n % Entitlements],
                    Principal = users[n / Entitlements % Users],
                };
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            double cpuBefore = ThreadCpuSeconds();
            clock.Start();
            store.PutGrants(batch.AsSpan(0, count));
            clock.Stop();
            threadCpu += ThreadCpuSeconds() - cpuBefore;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            peakRss = Math.Max(peakRss, Environment.WorkingSet);
        }

        double putSeconds = clock.Elapsed.TotalSeconds;
        long endBefore = GC.GetAllocatedBytesForCurrentThread();
        double endCpuBefore = ThreadCpuSeconds();
        clock.Start();
        store.EndSync();
        store.Close();
        clock.Stop();
        threadCpu += ThreadCpuSeconds() - endCpuBefore;
        allocated += GC.GetAllocatedBytesForCurrentThread() - endBefore;
        double seconds = clock.Elapsed.TotalSeconds;
        peakRss = Math.Max(peakRss, Process.GetCurrentProcess().PeakWorkingSet64);
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"verb":"sync-write","backend":"{{backend}}","pack":{{(pack ? "true" : "false")}},"grants":{{grants}},"batch":{{batch.Length}},"seconds":{{seconds:F3}},"put_seconds":{{putSeconds:F3}},"end_close_seconds":{{seconds - putSeconds:F3}},"grants_per_second":{{grants / seconds:F0}},"caller_cpu_seconds":{{threadCpu:F2}},"process_cpu_seconds":{{Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F2}},"allocated_bytes_per_grant":{{(double)allocated / grants:F0}},"peak_rss_bytes":{{peakRss}}}"""));
        return 0;
    }

    /// <summary>
    /// The calling thread's CPU time (user and system) from /proc/thread-self/stat, at the kernel's 10 ms tick; zero where
    /// that file does not exist. On a shared machine this moves less with the load than the wall clock does.
    /// </summary>
    private static double ThreadCpuSeconds()
    {
        const string Stat = "/proc/thread-self/stat";
        if (!File.Exists(Stat))
        {
            return 0;
        }

        string text = File.ReadAllText(Stat);
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

        // Fields 14 and 15 of stat(5) (utime, stime); the split starts at field 3.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static ISyncStore Open(string backend, bool pack, string scratch)
    {
        if (backend == "sqlite")
        {
            SqliteSyncStoreOptions sqlite = SqliteSyncStoreOptions.Default with { TempDirectory = scratch };
            return pack ? SqliteSyncStore.Open(Path.Combine(scratch, "bench.c1z"), sqlite) : SqliteSyncStore.OpenDatabase(Path.Combine(scratch, "bench.db"), sqlite);
        }

        SyncStoreOptions options = SyncStoreOptions.Default with { TempDirectory = scratch };
        return pack ? SyncStore.OpenArtifact(Path.Combine(scratch, "bench.c1z"), options) : SyncStore.Open(Path.Combine(scratch, "store"), options);
    }
}
