using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Engine.Bench.Micro;

/// <summary>
/// The <c>micro</c> verb: runs the BenchmarkDotNet micro-benchmarks of the hot paths in this process, with the memory
/// diagnoser, prints time and allocated bytes per operation, and checks them against an allocation budget file.
/// Stateless; runs on the calling thread.
/// </summary>
internal static class MicroCommand
{
    private const string Usage =
        """
        usage: Engine.Bench micro [--filter TEXT] [--quick] [--budget FILE]

          --filter TEXT   run only benchmarks whose Class.Method contains TEXT
          --quick         fewer, shorter iterations: enough to measure allocations, not for timing
          --budget FILE   allocated-bytes-per-operation budget (JSON; default: alloc-budget.json next to the binary);
                          exit 1 when a benchmark exceeds it or has no entry

        """;

    private static readonly Type[] s_benchmarks =
    [
        typeof(MemtableBenchmarks), typeof(BlockBenchmarks), typeof(BloomBenchmarks), typeof(WalBenchmarks),
        typeof(BatchBenchmarks), typeof(Crc32CBenchmarks), typeof(TupleBenchmarks), typeof(StoreBenchmarks),
    ];

    public static int Run(string[] args)
    {
        string? filter = null;
        bool quick = false;
        string budgetPath = Path.Combine(AppContext.BaseDirectory, "alloc-budget.json");
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--filter" when i + 1 < args.Length:
                    filter = args[++i];
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--budget" when i + 1 < args.Length:
                    budgetPath = args[++i];
                    break;
                case "--help" or "-h":
                    Console.Out.Write(Usage);
                    return 0;
                default:
                    Console.Error.Write($"Engine.Bench micro: unknown argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        AllocationBudget budget = AllocationBudget.Load(budgetPath);
        Job job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 3 : 10)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 25 : 200));
        ManualConfig config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddExporter(DefaultConfig.Instance.GetExporters().ToArray())
            .WithOptions(ConfigOptions.DisableLogFile);
        if (filter is not null)
        {
            config = config.AddFilter(new SimpleFilter(b => NameOf(b).Contains(filter, StringComparison.OrdinalIgnoreCase)));
        }

        Summary[] summaries = BenchmarkRunner.Run(s_benchmarks, config);
        return Report(summaries, budget);
    }

    /// <summary>Every benchmark as "Class.Method", the budget file's keys.</summary>
    public static IEnumerable<string> BenchmarkNames() =>
        s_benchmarks.SelectMany(t => t.GetMethods()
            .Where(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), inherit: false))
            .Select(m => $"{t.Name}.{m.Name}"));

    private static string NameOf(BenchmarkCase benchmark) =>
        $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}";

    private static int Report(Summary[] summaries, AllocationBudget budget)
    {
        int failures = 0;
        Console.Out.WriteLine();
        Console.Out.WriteLine($"{"benchmark",-32} {"mean ns",10} {"B/op",8} {"budget",8}  result");
        foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports))
        {
            string name = NameOf(report.BenchmarkCase);
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            string? problem = report.Success ? budget.Check(name, allocated) : "the benchmark failed";
            failures += problem is null ? 0 : 1;
            string mean = report.ResultStatistics?.Mean.ToString("F1", CultureInfo.InvariantCulture) ?? "-";
            Console.Out.WriteLine($"{name,-32} {mean,10} {allocated?.ToString(CultureInfo.InvariantCulture) ?? "-",8} {budget.Limit(name)?.ToString(CultureInfo.InvariantCulture) ?? "-",8}  {problem ?? "ok"}");
        }

        Console.Out.WriteLine(failures == 0 ? "allocation budget: ok" : $"allocation budget: {failures} over budget or failed");
        return failures == 0 ? 0 : 1;
    }
}
