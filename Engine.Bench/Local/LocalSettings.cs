namespace Engine.Bench.Local;

/// <summary>The local verb's flags, parsed by <see cref="LocalCommand.TryParse"/>.</summary>
internal sealed record LocalSettings
{
    /// <summary>The scale: keys preloaded for the key-value workloads; the other sizes follow it (<see cref="LocalSizes"/>).</summary>
    public int N { get; init; } = 100_000;

    /// <summary>Measured runs of every workload; the table shows their median.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The workloads to run, in <see cref="LocalWorkloads.All"/> order.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = LocalWorkloads.All;

    /// <summary>The scratch directory's parent (a new directory under it is deleted after); the system's temp directory when null.</summary>
    public string? Directory { get; init; }

    /// <summary>Tiny sizes whatever <see cref="N"/> says, so that a test runs every workload in seconds.</summary>
    public bool Quick { get; init; }
}
