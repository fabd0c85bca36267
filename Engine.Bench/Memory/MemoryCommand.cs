using System.Diagnostics;
using System.Globalization;
using Engine.Bench.Kv;
using Engine.Core.Compression;
using Engine.Lsm.Db;
using Engine.Lsm.Options;

using DatabaseMetrics = Engine.Api.DatabaseMetrics;

namespace Engine.Bench.Memory;

/// <summary>
/// The <c>memory</c> verb: a long run of random writes and random reads (one thread each) against a store with a
/// block cache budget B and a memtable budget M, sampling every 50 ms what the store accounts for (decoded blocks
/// cached + memtable arenas), the managed heap and the resident set size. Prints one JSON line.
/// </summary>
/// <remarks>
/// M is the write buffer times (1 + the immutable memtables allowed): every memtable that can exist at once.
/// Accounted memory must stay within B + M; the process's RSS is B + M plus the overhead the JSON line reports
/// (the runtime, the JIT, mapped table pages the kernel keeps resident, per-table reader state). Stateless.
/// </remarks>
internal static class MemoryCommand
{
    public const string Usage =
        """
        usage: Engine.Bench memory DIR [--cache-mb B] [--write-buffer-mb W] [--n N] [--seconds S] [--compression lz4|none]

        Random writes and reads over N keys (default 1000000) for S seconds (default 60) on one writer and one
        reader thread; the store has a block cache of B MiB (default 64) and write buffers of W MiB (default 16, up to
        3 at once). Prints max accounted memory (block cache + memtables), max managed heap and max RSS, in MiB.
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help"))
        {
            Console.Out.WriteLine(Usage);
            Console.Out.WriteLine(MixedMemoryCommand.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (args.Contains("--mixed"))
        {
            return MixedMemoryCommand.Run(args);
        }

        string directory = args[0];
        long cacheMb = Flag(args, "--cache-mb", 64);
        long writeBufferMb = Flag(args, "--write-buffer-mb", 16);
        long n = Flag(args, "--n", 1_000_000);
        long seconds = Flag(args, "--seconds", 60);
        int codec = Array.IndexOf(args, "--compression");
        bool compress = codec < 0 || codec + 1 >= args.Length || args[codec + 1] != "none";
        LsmOptions options = new()
        {
            BlockCacheBytes = cacheMb << 20,
            WriteBufferSizeBytes = writeBufferMb << 20,
            Compression = compress ? CompressionType.Lz4 : CompressionType.None,
        };
        long memtableBudget = options.WriteBufferSizeBytes * (1 + options.MaxImmutableMemtables);
        long budget = options.BlockCacheBytes + memtableBudget;

        using LsmDatabase db = LsmDatabase.Open(directory, options);
        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(seconds));
        long writes = 0;
        long reads = 0;
        Thread writer = new(() =>
        {
            byte[] key = new byte[KeyGenerator.KeySize];
            byte[] value = new byte[KeyGenerator.ValueSize];
            Random random = new(1);
            while (!stop.IsCancellationRequested)
            {
                ulong x = (ulong)random.NextInt64(n);
                KeyGenerator.MakeKey(x, key);
                KeyGenerator.MakeValue(x, KeyTag.FillRandom, value);
                db.Put(key, value);
                writes++;
            }
        });
        Thread reader = new(() =>
        {
            byte[] key = new byte[KeyGenerator.KeySize];
            System.Buffers.ArrayBufferWriter<byte> value = new(KeyGenerator.ValueSize);
            Random random = new(2);
            while (!stop.IsCancellationRequested)
            {
                KeyGenerator.MakeKey((ulong)random.NextInt64(n), key);
                value.ResetWrittenCount();
                db.TryGet(key, value);
                reads++;
            }
        });

        ProcessStats.ResetPeakRss();
        Stopwatch clock = Stopwatch.StartNew();
        writer.Start();
        reader.Start();
        long maxAccounted = 0;
        long maxCache = 0;
        long maxMemtables = 0;
        long maxHeap = 0;
        while (!stop.IsCancellationRequested)
        {
            DatabaseMetrics metrics = db.GetMetrics();
            maxCache = Math.Max(maxCache, metrics.BlockCacheUsageBytes);
            maxMemtables = Math.Max(maxMemtables, metrics.MemtableMemoryBytes);
            maxAccounted = Math.Max(maxAccounted, metrics.BlockCacheUsageBytes + metrics.MemtableMemoryBytes);
            maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
            Thread.Sleep(50);
        }

        writer.Join();
        reader.Join();
        double peakRss = ProcessStats.PeakRssMb();
        DatabaseMetrics end = db.GetMetrics();
        JsonLine line = new JsonLine()
            .Add("engine", "ours")
            .Add("workload", "memory")
            .Add("seconds", clock.Elapsed.TotalSeconds, 1)
            .Add("writes", writes)
            .Add("reads", reads)
            .Add("compression", compress ? "lz4" : "none")
            .Add("block_cache_budget_mb", cacheMb)
            .Add("memtable_budget_mb", memtableBudget >> 20)
            .Add("max_block_cache_mb", Mb(maxCache), 1)
            .Add("max_memtables_mb", Mb(maxMemtables), 1)
            .Add("max_accounted_mb", Mb(maxAccounted), 1)
            .Add("within_budget", maxAccounted <= budget ? "yes" : "no")
            .Add("max_managed_heap_mb", Mb(maxHeap), 1)
            .Add("peak_rss_mb", peakRss, 1)
            .Add("rss_over_budget_mb", peakRss - Mb(budget), 1)
            .Add("open_tables", end.OpenTables)
            .Add("block_cache_hit_rate", end.BlockCacheHits + end.BlockCacheMisses == 0 ? 0 : (double)end.BlockCacheHits / (end.BlockCacheHits + end.BlockCacheMisses), 3)
            .Add("bytes_on_disk_mb", Mb(ProcessStats.DirectoryBytes(directory)), 1);
        Console.Out.WriteLine(line.ToString());
        return 0;
    }

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static long Flag(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
