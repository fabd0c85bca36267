using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Bench.Sync;

/// <summary>write_pack and unpack_read: the reference's WritePack and Read benchmarks (spec section 6).</summary>
internal sealed partial class SyncWorkloads
{
    /// <summary>
    /// Timed whole: open a new store, StartNewSync, PutGrants of N in batches of 10,000, EndSync, Close (our store packs
    /// its artifact, SQLite saves its <c>.c1z</c>). Records the working size before Close and the packed file's.
    /// </summary>
    private WorkloadResult WritePack(int round) => WritePackOnce(Path.Combine(_directory, $"write-{round}.pack"));

    private WorkloadResult WritePackOnce(string path)
    {
        long storeBytes;
        using (ISyncStore store = _backend.Open(path, readOnly: false))
        {
            store.StartNewSync(SyncType.Full);
            _data.PutGrants(store, _n);
            store.EndSync();
            storeBytes = store.CurrentSizeBytes();
            store.Close();
        }

        // Only the newest packed file is kept: unpack_read reads it, and older rounds' files only take disk.
        if (_grantsArtifact is not null && _grantsArtifact != path)
        {
            File.Delete(_grantsArtifact);
        }

        _grantsArtifact = path;
        return new WorkloadResult(_n, storeBytes, new FileInfo(path).Length);
    }

    /// <summary>Timed whole: reopen the packed store read-only and page through ListGrants with the default page size.</summary>
    private Func<WorkloadResult> UnpackRead()
    {
        string artifact = GrantsArtifact();
        return () =>
        {
            long count = 0;
            using ISyncStore store = _backend.Open(artifact, readOnly: true);
            string? token = null;
            do
            {
                Page<Grant> page = store.ListGrants(new ListGrantsRequest { PageToken = token });
                count += page.Items.Count;
                token = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(token));

            return new WorkloadResult(count);
        };
    }
}
