using Engine.Api.Sync;
using Engine.Api.Sync.Requests;

namespace Engine.Bench.Sync;

/// <summary>
/// The workloads of a fixed dataset rather than N grants: demo_org (the demo org shape written and packed) and
/// v1_import (the reference's v1 fixture made readable, then its resources paged through once). Their JSON lines carry
/// the dataset's grant count as N.
/// </summary>
/// <remarks>Not thread-safe: one run at a time.</remarks>
internal sealed class SyncFixedWorkloads
{
    /// <summary>Every fixed workload, in the order the verb runs them.</summary>
    public static readonly IReadOnlyList<string> All = ["demo_org", "v1_import"];

    private readonly ISyncBackend _backend;
    private readonly DemoOrgDataset _demo;
    private readonly string? _v1File;
    private readonly string _directory;

    /// <param name="backend">The backend under test.</param>
    /// <param name="demo">The demo org.</param>
    /// <param name="v1File">The v1 <c>.c1z</c> v1_import reads.</param>
    /// <param name="directory">A directory of its own for the packed and imported stores.</param>
    public SyncFixedWorkloads(ISyncBackend backend, DemoOrgDataset demo, string? v1File, string directory)
    {
        _backend = backend;
        _demo = demo;
        _v1File = v1File;
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Runs <paramref name="workload"/> once, measured, as round <paramref name="round"/>.</summary>
    public SyncSample Run(string workload, int round) => workload switch
    {
        "demo_org" => SyncMeasure.Run(workload, _backend.Name, _demo.Grants.Length, round, () => DemoOrg(round)),
        "v1_import" => SyncMeasure.Run(workload, _backend.Name, 0, round, () => V1Import(round)),
        _ => throw new ArgumentException($"unknown workload '{workload}'", nameof(workload)),
    };

    private WorkloadResult DemoOrg(int round)
    {
        string path = Path.Combine(_directory, $"demo-{round}.pack");
        long storeBytes;
        using (ISyncStore store = _backend.Open(path, readOnly: false))
        {
            store.StartNewSync(SyncType.Full);
            _demo.Put(store);
            store.EndSync();
            storeBytes = store.CurrentSizeBytes();
            store.Close();
        }

        long packed = new FileInfo(path).Length;
        File.Delete(path);
        return new WorkloadResult(_demo.RecordCount, storeBytes, packed);
    }

    /// <summary>
    /// Timed: the import (ours) or the open (SQLite), then one pass over the latest sync's resources, so both backends
    /// end able to answer reads; the records are those resources.
    /// </summary>
    private WorkloadResult V1Import(int round)
    {
        string file = _v1File ?? throw new InvalidOperationException("v1_import needs a v1 file (--v1-file)");
        string directory = Path.Combine(_directory, $"v1-{round}");
        long resources = 0;
        long storeBytes;
        using (ISyncStore store = _backend.ImportV1(file, directory))
        {
            string? token = null;
            do
            {
                var page = store.ListResources(new ListResourcesRequest { PageToken = token });
                resources += page.Items.Count;
                token = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(token));

            storeBytes = store.CurrentSizeBytes();
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return new WorkloadResult(resources, storeBytes);
    }
}
