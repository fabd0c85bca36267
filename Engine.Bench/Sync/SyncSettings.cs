namespace Engine.Bench.Sync;

/// <summary>The sync verb's flags, parsed by <see cref="SyncCommand.TryParse"/>.</summary>
internal sealed record SyncSettings
{
    /// <summary>The grant counts, each a dataset of its own.</summary>
    public IReadOnlyList<int> Ns { get; init; } = [100, 1000, 10_000, 100_000];

    /// <summary>Measured runs of every workload; the table shows their median.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The workloads to run, in <see cref="SyncWorkloads.All"/> order.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = SyncWorkloads.All;

    /// <summary>The backends, <c>lsm</c> and <c>sqlite</c>.</summary>
    public IReadOnlyList<string> Backends { get; init; } = ["lsm", "sqlite"];

    /// <summary>The scratch directory's parent (a new directory under it is deleted after); the system's temp directory when null.</summary>
    public string? Directory { get; init; }

    /// <summary>A file that receives the JSON lines too, when set.</summary>
    public string? JsonOut { get; init; }
}
