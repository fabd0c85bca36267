using Engine.Api.Sync;

namespace Engine.Bench.Sync;

/// <summary>
/// The workloads of the sync verb against one backend at one N. Setups (the datasets the reads, the diff and the
/// cleanup start from) are built once, untimed, packed into files in the workloads' directory; each timed round opens
/// its own copy, so rounds see the same state.
/// </summary>
/// <remarks>Not thread-safe: one run at a time.</remarks>
internal sealed partial class SyncWorkloads
{
    /// <summary>Every workload, in the order the verb runs them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "write_pack", "unpack_read",
        "principal_cold", "principal_hot", "entitlement_cold", "entitlement_hot", "resource_type",
        "resources_by_type", "resources_by_parent",
        "diff_1pct", "cleanup_3of5",
    ];

    /// <summary>The queries of each point-read workload.</summary>
    public const int Queries = 100;

    private readonly ISyncBackend _backend;
    private readonly SyncDataset _data;
    private readonly int _n;
    private readonly string _directory;
    private string? _grantsArtifact;
    private string? _catalogArtifact;
    private string? _diffArtifact;
    private (string Base, string Applied) _diffSyncs;
    private string? _cleanupArtifact;

    /// <param name="backend">The backend under test.</param>
    /// <param name="data">The records.</param>
    /// <param name="n">The grants per sync.</param>
    /// <param name="directory">An empty directory of its own, for the packed files.</param>
    public SyncWorkloads(ISyncBackend backend, SyncDataset data, int n, string directory)
    {
        _backend = backend;
        _data = data;
        _n = n;
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Runs <paramref name="workload"/> once, measured, as round <paramref name="round"/>.</summary>
    public SyncSample Run(string workload, int round)
    {
        Func<WorkloadResult> body = workload switch
        {
            "write_pack" => () => WritePack(round),
            "unpack_read" => UnpackRead(),
            "principal_cold" => PrincipalReads(cold: true),
            "principal_hot" => PrincipalReads(cold: false),
            "entitlement_cold" => EntitlementReads(cold: true),
            "entitlement_hot" => EntitlementReads(cold: false),
            "resource_type" => ResourceTypeReads(),
            "resources_by_type" => ResourcesByType(),
            "resources_by_parent" => ResourcesByParent(),
            "diff_1pct" => Diff(),
            "cleanup_3of5" => Cleanup(),
            _ => throw new ArgumentException($"unknown workload '{workload}'", nameof(workload)),
        };

        // The setups above ran untimed; the body alone is measured.
        return SyncMeasure.Run(workload, _backend.Name, _n, round, body);
    }

    /// <summary>A body that runs <paramref name="body"/> on <paramref name="store"/> (opened untimed by the caller) and disposes it.</summary>
    private static Func<WorkloadResult> WithStore(ISyncStore store, Func<ISyncStore, long> body) => () =>
    {
        using (store)
        {
            return new WorkloadResult(body(store));
        }
    };

    /// <summary>The artifact of one full sync of N grants (write_pack's last, or built here when it has not run).</summary>
    private string GrantsArtifact()
    {
        if (_grantsArtifact is null)
        {
            WritePackOnce(Path.Combine(_directory, "grants-setup.pack"));
        }

        return _grantsArtifact!;
    }

    /// <summary>Builds an artifact with <paramref name="fill"/> writing into a new store, untimed.</summary>
    private string Build(string name, Action<ISyncStore> fill)
    {
        string path = Path.Combine(_directory, name);
        using ISyncStore store = _backend.Open(path, readOnly: false);
        fill(store);
        store.Close();
        return path;
    }
}
