using System.Diagnostics;
using System.Globalization;

namespace Engine.Bench.Local;

/// <summary>
/// The <c>local</c> verb: the local-first stores (key-value latencies, batches of 1,000, document queries without and
/// with an index, blob streaming, time-series ingest and aggregation, and the cost of encryption) against SQLite doing
/// the same work in the same process, one JSON line per figure, backend and round, then markdown tables of medians.
/// </summary>
/// <remarks>
/// Durability is matched: our stores write with their default <c>Durability.Flushed</c> (handed to the operating system
/// on each commit, survives a process crash), SQLite runs its WAL with <c>synchronous = NORMAL</c> (the same promise);
/// neither fsyncs a commit. Before the rounds, every chosen workload runs <see cref="WarmUpPasses"/> times at the quick
/// sizes, unrecorded, so that the engine's managed code is measured after the JIT's tiering, not in it (SQLite is
/// native code). Rounds interleave the backends (each workload of a round runs on both back to back). The
/// scratch directory is deleted after. Stateless.
/// </remarks>
internal static class LocalCommand
{
    private const string Usage =
        "usage: Engine.Bench local [--n 100000] [--rounds 3] [--only kv,batch,docs,blobs,timeseries,encryption] [--dir D] [--quick]\n" +
        "  --n       the scale: keys preloaded (N/2 timed gets, puts, deletes; N batched puts; N/5 documents; 2N points)\n" +
        "  --rounds  runs of every workload; the tables show the median\n" +
        "  --quick   tiny sizes (a test's), whatever --n says\n";

    /// <summary>
    /// Unrecorded passes at the quick sizes before the rounds: one pass leaves the first round's key-value latencies
    /// several times the later rounds' (methods still on their way through the JIT's tiers), three do not.
    /// </summary>
    private const int WarmUpPasses = 3;

    /// <summary>What the tables compare, printed above them so that a pasted table carries it.</summary>
    private const string Conditions =
        "durability: engine Durability.Flushed, SQLite WAL with synchronous = NORMAL (each commit survives a process crash, none is fsynced);\n" +
        "caches: engine 32 MiB block cache, SQLite cache_size 32 MiB; SQLite blobs: rows of 256 KiB chunks, one transaction per blob\n\n";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the verb writing to <paramref name="output"/> and <paramref name="errors"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length > 0 && args[0] is "--help" or "-h")
        {
            output.Write(Usage);
            return 0;
        }

        if (!TryParse(args, out LocalSettings settings, out string error))
        {
            errors.Write($"local: {error}\n{Usage}");
            return 2;
        }

        output.Write(Execute(settings, output));
        return 0;
    }

    /// <summary>Runs the chosen workloads, writing the JSON lines to <paramref name="lines"/>; returns the markdown tables.</summary>
    public static string Execute(LocalSettings settings, TextWriter lines)
    {
        LocalSizes sizes = LocalSizes.From(settings);
        string root = Path.Combine(settings.Directory ?? Path.GetTempPath(), $"local-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        List<LocalFigure> figures = [];
        Stopwatch clock = Stopwatch.StartNew();
        try
        {
            if (!settings.Quick)
            {
                LocalWorkloads warmUp = new(LocalSizes.From(settings with { Quick = true }), root);
                for (int pass = 0; pass < WarmUpPasses; pass++)
                {
                    foreach (string workload in settings.Workloads)
                    {
                        _ = warmUp.Run(workload, -1 - pass);
                    }
                }
            }

            LocalWorkloads workloads = new(sizes, root);
            for (int round = 0; round < settings.Rounds; round++)
            {
                foreach (string workload in settings.Workloads)
                {
                    foreach (LocalFigure figure in workloads.Run(workload, round))
                    {
                        figures.Add(figure);
                        lines.WriteLine(figure.ToJson());
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return string.Create(CultureInfo.InvariantCulture, $"\n{sizes}, rounds {settings.Rounds}, {clock.Elapsed.TotalSeconds:F0} s\n") +
            Conditions + LocalTable.Render(figures);
    }

    /// <summary>Parses the verb's flags; false with a message on an unknown flag, value or workload.</summary>
    public static bool TryParse(string[] args, out LocalSettings settings, out string error)
    {
        settings = new LocalSettings();
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                settings = settings with { Quick = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"'{args[i]}' needs a value";
                return false;
            }

            string value = args[++i];
            switch (args[i - 1])
            {
                case "--n":
                case "--rounds":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
                    {
                        error = $"{args[i - 1]}: '{value}' is not a positive count";
                        return false;
                    }

                    settings = args[i - 1] == "--n" ? settings with { N = count } : settings with { Rounds = count };
                    break;
                case "--only":
                    string[] chosen = value.Split(',');
                    if (chosen.FirstOrDefault(w => !LocalWorkloads.All.Contains(w)) is { } unknown)
                    {
                        error = $"--only: unknown workload '{unknown}' (known: {string.Join(',', LocalWorkloads.All)})";
                        return false;
                    }

                    settings = settings with { Workloads = [.. LocalWorkloads.All.Where(chosen.Contains)] };
                    break;
                case "--dir":
                    settings = settings with { Directory = value };
                    break;
                default:
                    error = $"unknown flag '{args[i - 1]}'";
                    return false;
            }
        }

        return true;
    }
}
