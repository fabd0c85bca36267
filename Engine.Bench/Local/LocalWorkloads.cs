using Engine.Bench.Kv;

namespace Engine.Bench.Local;

/// <summary>
/// The workloads of the local verb. A run opens a new store of one backend in a directory of its own, loads it untimed,
/// times the workload's operations one by one or in batches, closes the store and deletes the directory; each
/// workload runs on both of its backends back to back, so load on a shared machine falls on both alike.
/// </summary>
/// <remarks>Not thread-safe: one run at a time.</remarks>
internal sealed partial class LocalWorkloads
{
    /// <summary>Every workload, in the order the verb runs them.</summary>
    public static readonly IReadOnlyList<string> All = ["kv", "batch", "docs", "blobs", "timeseries", "encryption"];

    private readonly LocalSizes _sizes;
    private readonly string _root;

    /// <param name="sizes">The sizes of every run.</param>
    /// <param name="root">The scratch directory; each run takes a subdirectory and deletes it.</param>
    public LocalWorkloads(LocalSizes sizes, string root)
    {
        _sizes = sizes;
        _root = root;
    }

    /// <summary>The backends <paramref name="workload"/> compares, ours first.</summary>
    public static (string Ours, string Theirs) Backends(string workload) =>
        workload == "encryption" ? LocalTable.Encryption : LocalTable.Comparison;

    /// <summary>Runs <paramref name="workload"/> once on each of its backends as round <paramref name="round"/>.</summary>
    public IReadOnlyList<LocalFigure> Run(string workload, int round)
    {
        Func<ILocalTarget, Task<List<Measured>>> body = workload switch
        {
            "kv" => KeyValueLatencyAsync,
            "batch" => BatchAsync,
            "docs" => DocumentsAsync,
            "blobs" => BlobsAsync,
            "timeseries" => TimeSeriesAsync,
            "encryption" => async target => [.. await KeyValueLatencyAsync(target).ConfigureAwait(false), .. await BatchAsync(target).ConfigureAwait(false)],
            _ => throw new ArgumentException($"unknown workload '{workload}'", nameof(workload)),
        };
        (string ours, string theirs) = Backends(workload);
        return [.. RunOn(workload, ours, round, body), .. RunOn(workload, theirs, round, body)];
    }

    /// <summary>One run: a new store of <paramref name="backend"/>, the body, the peak memory meanwhile, the directory deleted.</summary>
    private List<LocalFigure> RunOn(string workload, string backend, int round, Func<ILocalTarget, Task<List<Measured>>> body)
    {
        string directory = Path.Combine(_root, $"{workload}-{backend}-{round}");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ProcessStats.ResetPeakRss();
        List<Measured> measured;
        using (ILocalTarget target = Open(backend, directory))
        {
            measured = body(target).GetAwaiter().GetResult();
        }

        double peakRss = ProcessStats.PeakRssMb();
        Directory.Delete(directory, recursive: true);
        return [.. measured.Select(m => new LocalFigure(workload, m.Metric, m.Label, m.HigherIsBetter, backend, round, m.Value, peakRss))];
    }

    private static ILocalTarget Open(string backend, string directory) => backend switch
    {
        "sqlite" => SqliteTarget.Open(directory),
        "encrypted" => EngineTarget.Open(backend, directory, encrypted: true),
        _ => EngineTarget.Open(backend, directory, encrypted: false),
    };

    /// <summary>Throws when a backend did not do the work asked: a figure over the wrong work is worse than none.</summary>
    private static void Check(string backend, string what, long expected, long actual)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{backend}: {what}: expected {expected}, got {actual}");
        }
    }
}
