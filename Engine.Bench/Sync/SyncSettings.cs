namespace Engine.Bench.Sync;

/// <summary>The sync verb's flags, parsed by <see cref="SyncCommand.TryParse"/>.</summary>
internal sealed record SyncSettings
{
    /// <summary>The grant counts, each a dataset of its own.</summary>
    public IReadOnlyList<int> Ns { get; init; } = [100, 1000, 10_000, 100_000];

    /// <summary>Measured runs of every workload; the table shows their median.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The workloads to run, in <see cref="SyncWorkloads.All"/> then <see cref="SyncFixedWorkloads.All"/> order.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [.. SyncWorkloads.All, .. SyncFixedWorkloads.All];

    /// <summary>The users of the demo org (the reference's shape has 5,000).</summary>
    public int DemoUsers { get; init; } = 5000;

    /// <summary>The v1 <c>.c1z</c> v1_import reads (the shared 35k-resource fixture when present); v1_import is skipped without one.</summary>
    public string? V1File { get; init; } = File.Exists(DefaultV1File) ? DefaultV1File : null;

    /// <summary>Where the shared 35k-resource fixture lives on the project's machines.</summary>
    public const string DefaultV1File = "/work/shared/fixtures/c1z/org-35k-resources.c1z";

    /// <summary>The backends, <c>lsm</c> and <c>sqlite</c>.</summary>
    public IReadOnlyList<string> Backends { get; init; } = ["lsm", "sqlite"];

    /// <summary>The scratch directory's parent (a new directory under it is deleted after); the system's temp directory when null.</summary>
    public string? Directory { get; init; }

    /// <summary>A file that receives the JSON lines too, when set.</summary>
    public string? JsonOut { get; init; }
}
