using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Engine.Api;
using Engine.Bench.Kv;

namespace Engine.Bench.Memory;

/// <summary>
/// The <c>memory --mixed</c> run: one thread performs N operations (default 2,000,000) over K keys (default 500,000)
/// with values of uniformly 0..V bytes (default 2048) on a store opened with default <see cref="DatabaseOptions"/>:
/// 50% puts, 35% gets, 10% short scans (10 keys) and 5% batches of 10 puts. A sampler reads <c>/proc/self/status</c>
/// every 20 ms and the run prints one JSON line: peak RSS split into anonymous and file-backed pages, the budget
/// 1.2 × (block cache + memtable budget) + 128 MiB, and whether the peak stayed within it.
/// </summary>
/// <remarks>
/// The memtable budget is the write buffer times (1 + the immutable memtables allowed). The peak is the larger of the
/// highest sampled VmRSS and VmHWM (reset before the run through <c>/proc/self/clear_refs</c>), so a spike between
/// samples still counts; the anon/file split is the sample at the highest VmRSS, plus each one's own maximum. The
/// file-backed pages before the first operation (mostly the runtime's images) are printed too: growth past them is
/// table pages. Stateless; Linux only (elsewhere the readings are 0).
/// </remarks>
internal static class MixedMemoryCommand
{
    public const string Usage =
        """
        usage: Engine.Bench memory DIR --mixed [--ops N] [--keys K] [--max-value V] [--mapped] [--cache-mb B]

        N operations (default 2000000) over K keys (default 500000), values uniformly 0..V bytes (default 2048):
        50% puts, 35% gets, 10% scans of 10 keys, 5% batches of 10 puts, on one thread, under default DatabaseOptions
        (--mapped: PositionalDataReads = false; --cache-mb: another block cache budget). Prints peak RSS split
        anon/file, the budget 1.2 x (block cache + memtable budget) + 128 MiB and pass/fail.
        """;

    private const int ScanLength = 10;
    private const int BatchSize = 10;
    private const double Mib = 1048576.0;

    public static int Run(string[] args)
    {
        string directory = args[0];
        long ops = Flag(args, "--ops", 2_000_000);
        long keys = Flag(args, "--keys", 500_000);
        int maxValue = (int)Flag(args, "--max-value", 2048);
        bool mapped = args.Contains("--mapped");
        DatabaseOptions defaults = new();
        DatabaseOptions options = new()
        {
            PositionalDataReads = mapped ? false : defaults.PositionalDataReads,
            BlockCacheBytes = Flag(args, "--cache-mb", defaults.BlockCacheBytes >> 20) << 20,
        };
        long memtableBudget = options.WriteBufferSizeBytes * (1 + options.MaxImmutableMemtables);
        long budget = (long)(1.2 * (options.BlockCacheBytes + memtableBudget)) + (128L << 20);

        using Database db = Database.Open(directory, options);
        using CancellationTokenSource done = new();
        RssSample peak = default;
        long maxAnon = 0;
        long maxFile = 0;
        long maxHeap = 0;
        ProcessStats.ResetPeakRss();
        RssSample start = RssSample.Read();
        Thread sampler = new(() =>
        {
            while (!done.IsCancellationRequested)
            {
                RssSample sample = RssSample.Read();
                peak = sample.Rss > peak.Rss ? sample : peak;
                maxAnon = Math.Max(maxAnon, sample.Anon);
                maxFile = Math.Max(maxFile, sample.File);
                maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
                done.Token.WaitHandle.WaitOne(20);
            }
        });
        sampler.Start();

        Stopwatch clock = Stopwatch.StartNew();
        long found = Execute(db, ops, keys, maxValue);
        double seconds = clock.Elapsed.TotalSeconds;
        done.Cancel();
        sampler.Join();
        RssSample last = RssSample.Read();
        long peakRss = Math.Max(peak.Rss, last.Hwm);
        DatabaseMetrics metrics = db.GetMetrics();
        JsonLine line = new JsonLine()
            .Add("engine", "ours")
            .Add("workload", "memory-mixed")
            .Add("reads", mapped ? "mapped" : "positional")
            .Add("ops", ops)
            .Add("keys", keys)
            .Add("max_value", maxValue)
            .Add("seconds", seconds, 1)
            .Add("gets_found", found)
            .Add("block_cache_mb", options.BlockCacheBytes / Mib, 1)
            .Add("memtable_budget_mb", memtableBudget / Mib, 1)
            .Add("budget_mb", budget / Mib, 1)
            .Add("peak_rss_mb", peakRss / Mib, 1)
            .Add("peak_rss_anon_mb", peak.Anon / Mib, 1)
            .Add("peak_rss_file_mb", peak.File / Mib, 1)
            .Add("max_rss_anon_mb", maxAnon / Mib, 1)
            .Add("max_rss_file_mb", maxFile / Mib, 1)
            .Add("start_rss_file_mb", start.File / Mib, 1)
            .Add("max_managed_heap_mb", maxHeap / Mib, 1)
            .Add("within_budget", peakRss <= budget ? "pass" : "fail")
            .Add("open_tables", metrics.OpenTables)
            .Add("block_cache_hit_rate", metrics.BlockCacheHits + metrics.BlockCacheMisses == 0 ? 0 : (double)metrics.BlockCacheHits / (metrics.BlockCacheHits + metrics.BlockCacheMisses), 3)
            .Add("bytes_on_disk_mb", ProcessStats.DirectoryBytes(directory) / Mib, 1);
        Console.Out.WriteLine(line.ToString());
        return peakRss <= budget ? 0 : 1;
    }

    /// <summary>Runs the operations; returns how many gets found a value.</summary>
    private static long Execute(Database db, long ops, long keys, int maxValue)
    {
        // Values are slices of one random buffer at random offsets: incompressible and free to make.
        byte[] source = new byte[maxValue * 2];
        Random random = new(16);
        random.NextBytes(source);
        byte[] key = new byte[KeyGenerator.KeySize];
        ArrayBufferWriter<byte> value = new(maxValue);
        using WriteBatch batch = new();
        long found = 0;
        for (long i = 0; i < ops; i++)
        {
            int dice = random.Next(100);
            KeyGenerator.MakeKey((ulong)random.NextInt64(keys), key);
            if (dice < 50)
            {
                db.Put(key, NextValue(random, source, maxValue));
            }
            else if (dice < 85)
            {
                value.ResetWrittenCount();
                found += db.TryGet(key, value) ? 1 : 0;
            }
            else if (dice < 95)
            {
                using DatabaseIterator iterator = db.NewIterator();
                iterator.SeekGE(key);
                for (int n = 0; n < ScanLength && iterator.Valid; n++)
                {
                    iterator.Next();
                }
            }
            else
            {
                batch.Clear();
                for (int n = 0; n < BatchSize; n++)
                {
                    batch.Put(key, NextValue(random, source, maxValue));
                    KeyGenerator.MakeKey((ulong)random.NextInt64(keys), key);
                }

                db.Write(batch);
            }
        }

        return found;
    }

    private static ReadOnlySpan<byte> NextValue(Random random, byte[] source, int maxValue) =>
        source.AsSpan(random.Next(maxValue), random.Next(maxValue + 1));

    private static long Flag(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>One reading of <c>/proc/self/status</c>, in bytes.</summary>
    private readonly record struct RssSample(long Rss, long Anon, long File, long Hwm)
    {
        public static RssSample Read()
        {
            long rss = 0, anon = 0, file = 0, hwm = 0;
            try
            {
                foreach (string line in System.IO.File.ReadLines("/proc/self/status"))
                {
                    rss = line.StartsWith("VmRSS:", StringComparison.Ordinal) ? Kib(line) : rss;
                    anon = line.StartsWith("RssAnon:", StringComparison.Ordinal) ? Kib(line) : anon;
                    file = line.StartsWith("RssFile:", StringComparison.Ordinal) ? Kib(line) : file;
                    hwm = line.StartsWith("VmHWM:", StringComparison.Ordinal) ? Kib(line) : hwm;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not Linux: every reading stays 0.
            }

            return new RssSample(rss, anon, file, hwm);
        }

        private static long Kib(string line) =>
            long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
