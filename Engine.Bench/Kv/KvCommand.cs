using System.Globalization;

namespace Engine.Bench.Kv;

/// <summary>
/// The <c>kv</c> verb: the peers rig's workloads (shared/peers) against our LSM store, with the rig's flags, key
/// sequence and JSON lines, plus a few workloads of our own.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class KvCommand
{
    /// <summary>The flags that take a value; the rest (--sync, --keycheck, --latency, --rss-detail, --alloc-detail, --mapped-reads) are switches.</summary>
    private static readonly string[] s_valueFlags =
        ["--n", "--batch", "--seed", "--bloom-bits", "--cache-mb", "--compression", "--threads", "--workloads"];

    public const string Usage =
        """
        usage: Engine.Bench kv DIR [--n N] [--batch B] [--sync] [--seed S] [--bloom-bits B]
                               [--cache-mb M] [--compression snappy|none] [--workloads w1,w2,...]
                               [--threads T] [--latency] [--rss-detail] [--alloc-detail]
                               [--mapped-reads]
               Engine.Bench kv --keycheck [--n N] [--seed S]
               Engine.Bench kv --help

        Runs db_bench-style workloads against the LSM store and prints one JSON line per workload, in the
        format of the peers rig (shared/peers/README.md), with "engine":"ours". DIR must be new or empty.

        rig workloads (the default set; fixed order): fillseq (into DIR/fillseq), then into DIR/random:
          fillrandom, compact, readrandom, readmissing, seekrandom, scanall, overwrite, deleterandom
        our workloads (only when named; 'all' names every workload):
          fillsync          into DIR/fillsync, right after fillseq: the fillrandom keys written by T threads
                            (--threads), each commit fsynced; concurrent commits share fsyncs (group commit)
          ingestseq         into DIR/ingestseq, after fillsync: the fillseq keys and values as one Ingest (a sorted
                            run written straight into tables, synced; no WAL, memtable or flush)
          readseq           after scanall: one forward pass; every key and value is checked
          readreverse       after readseq: one backward pass; every key and value is checked
          readwhilewriting  before overwrite: N random gets on one thread (reported) while another thread
                            overwrites random keys; values are checked against both versions
        Any workload of DIR/random first loads it with fillrandom; reads follow compact.

        flags (defaults are the rig's):
          --n N               operations per workload and keys loaded (1000000)
          --batch B           writes per committed batch (1)
          --sync              fsync every commit of the rig's write workloads (default: handed to the OS)
          --seed S            seeds every key sequence (42)
          --bloom-bits B      bloom filter bits per key, 0 for none (10)
          --cache-mb M        block cache budget in MiB, 0 for none; it holds every data block read (8)
          --compression C     none, or a codec name (snappy, the default) that runs our LZ4 blocks
          --threads T         fillsync writer threads (1)
          --latency           also record per-operation latency in the rig's workloads (a clock read per op)
          --rss-detail        also sample the peaks of anonymous, file-backed and managed-heap memory (allocates
                              on a sampler thread, so alloc_bytes_per_op then counts the sampler's garbage too)
          --mapped-reads      read data blocks through the mappings on a cache miss (raw ones in place), not with
                              positional reads (LsmOptions.PositionalDataReads = false)
          --encrypt           write and read every file through the encryption layer (AES-256-GCM frames, a fixed
                              test key; data blocks then always use positional reads), to measure its cost
          --alloc-detail      after each workload, print to stderr the types it allocated most (sampled)
          --keycheck          print the FNV-1a hash of the key/value sequence, as the rig does, and exit

        Fields after the rig's: bloom_bits, cache_mb, compression_asked, alloc_bytes_per_op (managed bytes the
        whole process allocated, per op), for writes wal_amp (WAL bytes / user bytes) and write_amp (bytes the
        process wrote through write(2) / user bytes; flushes and compactions still running when the clock
        stops are not counted), files_per_level, then where recorded p50_us, p99_us, p999_us, and extras
        (threads, writer_ops_per_sec), and with --rss-detail peak_rss_anon_mb, peak_rss_file_mb,
        peak_managed_mb.
        """;

    /// <summary>Runs the verb with the arguments after <c>kv</c>; returns the process exit code.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the verb writing its JSON lines and help to <paramref name="output"/> and its messages to
    /// <paramref name="errors"/> (the command line's <c>bench</c> runs it in-process this way).
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.Write(Usage);
            return 0;
        }

        if (!TryParse(args, out KvSettings settings, out string error))
        {
            errors.WriteLine("kv: " + error);
            return 1;
        }

        if (settings.KeyCheck)
        {
            ulong hash = KeyGenerator.KeyCheck(settings.N, settings.Seed);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"keycheck\":\"{hash:x16}\",\"n\":{settings.N},\"seed\":{settings.Seed}}}"));
            return 0;
        }

        string root = settings.Directory!;
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            errors.WriteLine("kv: DIR must be new or empty: " + root);
            return 1;
        }

        if (settings.Compression != settings.EffectiveCompression)
        {
            errors.WriteLine($"kv: compression '{settings.Compression}' runs as our LZ4 block codec and is reported as \"{settings.EffectiveCompression}\"");
        }

        Directory.CreateDirectory(root);
        try
        {
            new KvWorkloads(settings, output).Run();
        }
        catch (InvalidDataException ex)
        {
            errors.WriteLine("kv: " + ex.Message);
            return 1;
        }

        return 0;
    }

    /// <summary>Parses the flags the way the rig does; false with a message for anything it would reject.</summary>
    public static bool TryParse(string[] args, out KvSettings settings, out string error)
    {
        settings = new KvSettings();
        error = "";
        List<string> positional = [];
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (arg is "--sync" or "--keycheck" or "--latency" or "--rss-detail" or "--alloc-detail" or "--mapped-reads" or "--encrypt")
            {
                settings = arg switch
                {
                    "--sync" => settings with { Sync = true },
                    "--keycheck" => settings with { KeyCheck = true },
                    "--rss-detail" => settings with { RssDetail = true },
                    "--alloc-detail" => settings with { AllocDetail = true },
                    "--mapped-reads" => settings with { MappedReads = true },
                    "--encrypt" => settings with { Encrypt = true },
                    _ => settings with { Latency = true },
                };
                continue;
            }

            if (!s_valueFlags.Contains(arg))
            {
                error = $"unknown flag {arg}\n{Usage}";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value\n{Usage}";
                return false;
            }

            string value = args[++i];
            KvSettings? next = Apply(settings, arg, value, out error);
            if (next is null)
            {
                return false;
            }

            settings = next;
        }

        return Validate(settings, positional, out settings, out error);
    }

    private static KvSettings? Apply(KvSettings settings, string flag, string value, out string error)
    {
        error = "";
        CultureInfo invariant = CultureInfo.InvariantCulture;
        bool ok;
        switch (flag)
        {
            case "--n":
                ok = ulong.TryParse(value, invariant, out ulong n);
                return ok ? settings with { N = n } : Bad(flag, value, out error);
            case "--batch":
                ok = ulong.TryParse(value, invariant, out ulong batch);
                return ok ? settings with { Batch = batch } : Bad(flag, value, out error);
            case "--seed":
                ok = ulong.TryParse(value, invariant, out ulong seed);
                return ok ? settings with { Seed = seed } : Bad(flag, value, out error);
            case "--bloom-bits":
                ok = int.TryParse(value, invariant, out int bloomBits) && bloomBits is >= 0 and <= 32;
                return ok ? settings with { BloomBits = bloomBits } : Bad(flag, value, out error);
            case "--cache-mb":
                ok = int.TryParse(value, invariant, out int cacheMb) && cacheMb >= 0;
                return ok ? settings with { CacheMb = cacheMb } : Bad(flag, value, out error);
            case "--compression":
                return settings with { Compression = value };
            case "--threads":
                ok = int.TryParse(value, invariant, out int threads) && threads is >= 1 and <= 1024;
                return ok ? settings with { Threads = threads } : Bad(flag, value, out error);
            case "--workloads":
                return ParseWorkloads(settings, value, out error);
            default:
                error = $"unknown flag {flag}\n{Usage}";
                return null;
        }
    }

    private static KvSettings? ParseWorkloads(KvSettings settings, string value, out string error)
    {
        error = "";
        HashSet<string> wanted = [];
        foreach (string name in value.Split(','))
        {
            if (name == "all")
            {
                wanted.UnionWith(KvSettings.RigWorkloads);
                wanted.UnionWith(KvSettings.OwnWorkloads);
            }
            else if (KvSettings.RigWorkloads.Contains(name) || KvSettings.OwnWorkloads.Contains(name))
            {
                wanted.Add(name);
            }
            else
            {
                error = "unknown workload " + name;
                return null;
            }
        }

        return settings with { Workloads = wanted };
    }

    private static bool Validate(KvSettings parsed, List<string> positional, out KvSettings settings, out string error)
    {
        settings = parsed;
        error = "";
        if (parsed.N == 0 || parsed.N >= 1UL << 32 || parsed.Batch == 0)
        {
            error = "need 0 < n < 2^32 and batch > 0";
            return false;
        }

        if (parsed.KeyCheck)
        {
            return true;
        }

        if (positional.Count != 1)
        {
            error = "need exactly one DIR\n" + Usage;
            return false;
        }

        settings = parsed with { Directory = positional[0] };
        return true;
    }

    private static KvSettings? Bad(string flag, string value, out string error)
    {
        error = $"bad value for {flag}: {value}";
        return null;
    }
}
