using System.Diagnostics;
using System.Globalization;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1;

namespace Engine.Bench.V1;

/// <summary>
/// The <c>v1-import</c> verb: imports a reference v1 <c>.c1z</c> file into a new sync store in a scratch directory and
/// prints one JSON line with the time taken, rows per second, the process's peak working set, the peak managed heap and
/// the store's memory budgets, so the streaming claim (memory well below the decoded size plus the budgets) is measured.
/// </summary>
/// <remarks>
/// One import per process, so the peak working set belongs to it; run the verb several times for medians. The managed
/// heap, and on Linux the anonymous and file-backed resident memory, are sampled every 5 ms while the import runs. The scratch directory (under <c>--dir</c>, else the system's temp
/// directory) is deleted after. <c>--write-buffer-mb</c> sets the store's memtable size (default 32), to show what of the
/// peak follows the store's budget rather than the file. Stateless.
/// </remarks>
internal static class V1ImportCommand
{
    private const string Usage = "usage: Engine.Bench v1-import FILE.c1z [--dir D] [--write-buffer-mb N]\n";

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.Write(Usage);
            return 2;
        }

        string file = args[0];
        int dirFlag = Array.IndexOf(args, "--dir");
        string root = dirFlag >= 0 && dirFlag + 1 < args.Length ? args[dirFlag + 1] : Path.GetTempPath();
        string scratch = Path.Combine(root, $"v1-import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            int bufferFlag = Array.IndexOf(args, "--write-buffer-mb");
            SyncStoreOptions options = SyncStoreOptions.Default;
            if (bufferFlag >= 0 && bufferFlag + 1 < args.Length)
            {
                long bytes = long.Parse(args[bufferFlag + 1], CultureInfo.InvariantCulture) << 20;
                options = options with { Database = options.Database with { WriteBufferSizeBytes = bytes } };
            }

            return Import(file, scratch, options);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static int Import(string file, string scratch, SyncStoreOptions options)
    {
        long peakHeap = 0;
        long peakAnon = 0;
        long peakCommitted = 0;
        long peakFile = 0;
        using CancellationTokenSource stop = new();
        Thread sampler = new(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GCMemoryInfo gc = GC.GetGCMemoryInfo();
                peakHeap = Math.Max(peakHeap, Math.Max(GC.GetTotalMemory(false), gc.HeapSizeBytes));
                peakCommitted = Math.Max(peakCommitted, gc.TotalCommittedBytes);
                (long anon, long mapped) = ResidentSplit();
                peakAnon = Math.Max(peakAnon, anon);
                peakFile = Math.Max(peakFile, mapped);
                Thread.Sleep(5);
            }
        })
        { IsBackground = true, Name = "heap sampler" };
        sampler.Start();

        Stopwatch clock = Stopwatch.StartNew();
        long rows = 0;
        int syncs;
        long peakWorkingSet;
        using (SyncStore store = SyncStore.CreateFromV1(file, Path.Combine(scratch, "store"), options, new V1ImportOptions { TempDirectory = scratch }))
        {
            clock.Stop();
            stop.Cancel();
            sampler.Join();
            peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;

            // Counted after the measurement: the export is not part of the import.
            List<TransferRun> runs = [.. store.ExportRuns()];
            syncs = runs.Count;
            foreach (TransferRun run in runs)
            {
                foreach (RecordTable table in Enum.GetValues<RecordTable>())
                {
                    rows += store.ExportRecords(run.SyncId, table).LongCount();
                }
            }
        }

        DatabaseOptions db = options.Database;
        long memtableBudget = db.WriteBufferSizeBytes * (1 + db.MaxImmutableMemtables);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"verb":"v1-import","file":"{{Path.GetFileName(file)}}","file_bytes":{{new FileInfo(file).Length}},"syncs":{{syncs}},"rows":{{rows}},"seconds":{{seconds:F3}},"rows_per_second":{{rows / seconds:F0}},"peak_working_set_bytes":{{peakWorkingSet}},"peak_managed_heap_bytes":{{peakHeap}},"peak_gc_committed_bytes":{{peakCommitted}},"peak_rss_anon_bytes":{{peakAnon}},"peak_rss_file_bytes":{{peakFile}},"memtable_budget_bytes":{{memtableBudget}},"write_buffer_bytes":{{db.WriteBufferSizeBytes}},"block_cache_bytes":{{db.BlockCacheBytes}}}"""));
        return 0;
    }

    /// <summary>
    /// The resident memory that is the process's own (anonymous: heaps, native buffers, memtables) and the resident pages
    /// of mapped files (tables read through their mapping; the kernel can drop them), from /proc/self/status; zeros where
    /// that file does not exist.
    /// </summary>
    private static (long Anon, long File) ResidentSplit()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return (0, 0);
        }

        long anon = 0;
        long file = 0;
        foreach (string line in File.ReadLines(Status))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kilobytes(line);
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                file = Kilobytes(line);
            }
        }

        return (anon, file);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
}
