using System.Globalization;

namespace Engine.Bench.Sync;

/// <summary>
/// The <c>sync</c> verb: the sync store's workloads (the reference's WritePack and Read, indexed reads, diff, cleanup)
/// against our LSM store and the SQLite backend in one process, one JSON line per workload, backend, N and round, then
/// a markdown table of medians and the ratio time_sqlite / time_lsm.
/// </summary>
/// <remarks>
/// Rounds interleave the backends (round r of a workload runs on each backend back to back), so load on a shared
/// machine falls on both alike. Peak RSS is reset per workload in this process (<see cref="SyncMeasure"/>). The scratch
/// directory is deleted after. Stateless.
/// </remarks>
internal static class SyncCommand
{
    private const string Usage =
        "usage: Engine.Bench sync [--n 100,1000,10000,100000] [--rounds 3] [--workloads a,b,...] [--backend lsm,sqlite]\n" +
        "                         [--demo-users 5000] [--v1-file FILE.c1z] [--dir D] [--json-out FILE]\n";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the verb writing to <paramref name="output"/> and <paramref name="errors"/> (the CLI's <c>bench</c> runs it in-process).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length > 0 && args[0] is "--help" or "-h")
        {
            output.Write(Usage + "workloads: " + string.Join(',', [.. SyncWorkloads.All, .. SyncFixedWorkloads.All]) + "\n");
            return 0;
        }

        if (!TryParse(args, out SyncSettings settings, out string error))
        {
            errors.Write($"sync: {error}\n{Usage}");
            return 2;
        }

        output.Write(Execute(settings, output));
        return 0;
    }

    /// <summary>Runs every workload, writing the JSON lines to <paramref name="lines"/>; returns the markdown table.</summary>
    public static string Execute(SyncSettings settings, TextWriter lines)
    {
        string root = Path.Combine(settings.Directory ?? Path.GetTempPath(), $"sync-bench-{Guid.NewGuid():N}");
        string temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(temp);
        using StreamWriter? jsonOut = settings.JsonOut is null ? null : new StreamWriter(settings.JsonOut, append: false);
        List<SyncSample> samples = [];
        SyncDataset data = new();
        void Record(SyncSample sample)
        {
            samples.Add(sample);
            lines.WriteLine(sample.ToJson());
            jsonOut?.WriteLine(sample.ToJson());
        }

        try
        {
            string[] perN = [.. settings.Workloads.Where(SyncWorkloads.All.Contains)];
            foreach (int n in settings.Ns.Where(_ => perN.Length > 0))
            {
                List<SyncWorkloads> runs = [.. settings.Backends.Select(b => new SyncWorkloads(Backend(b, temp), data, n, Path.Combine(root, $"{b}-{n}")))];
                RunRounds(settings, perN, [.. runs.Select(r => (Func<string, int, SyncSample>)r.Run)], Record);
                DeleteRunDirectories(root, settings, n.ToString(CultureInfo.InvariantCulture));
            }

            string[] fixedSet = [.. settings.Workloads.Where(w => SyncFixedWorkloads.All.Contains(w) && (w != "v1_import" || settings.V1File is not null))];
            if (fixedSet.Length > 0)
            {
                DemoOrgDataset demo = new(settings.DemoUsers);
                List<SyncFixedWorkloads> runs = [.. settings.Backends.Select(b => new SyncFixedWorkloads(Backend(b, temp), demo, settings.V1File, Path.Combine(root, $"{b}-fixed")))];
                RunRounds(settings, fixedSet, [.. runs.Select(r => (Func<string, int, SyncSample>)r.Run)], Record);
                DeleteRunDirectories(root, settings, "fixed");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return SyncTable.Render(samples);
    }

    /// <summary>Runs the rounds: each workload of a round on every backend back to back.</summary>
    private static void RunRounds(SyncSettings settings, string[] workloads, Func<string, int, SyncSample>[] backends, Action<SyncSample> record)
    {
        for (int round = 0; round < settings.Rounds; round++)
        {
            foreach (string workload in workloads)
            {
                foreach (Func<string, int, SyncSample> run in backends)
                {
                    record(run(workload, round));
                }
            }
        }
    }

    /// <summary>Deletes the backends' directories of one dataset, so a long run does not fill the disk.</summary>
    private static void DeleteRunDirectories(string root, SyncSettings settings, string suffix)
    {
        foreach (string backend in settings.Backends)
        {
            Directory.Delete(Path.Combine(root, $"{backend}-{suffix}"), recursive: true);
        }
    }

    /// <summary>Parses the verb's flags; false with a message on an unknown flag, value, workload or backend.</summary>
    public static bool TryParse(string[] args, out SyncSettings settings, out string error)
    {
        settings = new SyncSettings();
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                error = $"'{args[i]}' needs a value";
                return false;
            }

            string value = args[++i];
            switch (args[i - 1])
            {
                case "--n":
                    List<int> ns = [];
                    foreach (string part in value.Split(','))
                    {
                        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                        {
                            error = $"--n: '{part}' is not a positive count";
                            return false;
                        }

                        ns.Add(n);
                    }

                    settings = settings with { Ns = ns };
                    break;
                case "--rounds":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int rounds) || rounds < 1)
                    {
                        error = $"--rounds: '{value}' is not a positive count";
                        return false;
                    }

                    settings = settings with { Rounds = rounds };
                    break;
                case "--workloads":
                    string[] workloads = value.Split(',');
                    string[] known = [.. SyncWorkloads.All, .. SyncFixedWorkloads.All];
                    if (workloads.FirstOrDefault(w => !known.Contains(w)) is { } unknown)
                    {
                        error = $"--workloads: unknown workload '{unknown}'";
                        return false;
                    }

                    settings = settings with { Workloads = [.. known.Where(workloads.Contains)] };
                    break;
                case "--backend":
                    string[] backends = value.Split(',');
                    if (backends.FirstOrDefault(b => b is not ("lsm" or "sqlite")) is { } other)
                    {
                        error = $"--backend: unknown backend '{other}'";
                        return false;
                    }

                    settings = settings with { Backends = [.. backends.Distinct()] };
                    break;
                case "--demo-users":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int users) || users < 1)
                    {
                        error = $"--demo-users: '{value}' is not a positive count";
                        return false;
                    }

                    settings = settings with { DemoUsers = users };
                    break;
                case "--v1-file":
                    settings = settings with { V1File = value };
                    break;
                case "--dir":
                    settings = settings with { Directory = value };
                    break;
                case "--json-out":
                    settings = settings with { JsonOut = value };
                    break;
                default:
                    error = $"unknown flag '{args[i - 1]}'";
                    return false;
            }
        }

        return true;
    }

    private static ISyncBackend Backend(string name, string temp) =>
        name == "lsm" ? new LsmSyncBackend(temp) : new SqliteSyncBackend(temp);
}
