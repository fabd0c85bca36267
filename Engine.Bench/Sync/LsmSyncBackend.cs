using Engine.Api.Sync;
using Engine.Api.Sync.V1;

namespace Engine.Bench.Sync;

/// <summary>Our LSM sync store, packed into its single-file artifact (<see cref="SyncStore.OpenArtifact(string, SyncStoreOptions?)"/>).</summary>
/// <param name="tempDirectory">Where the store unpacks its working copy: the benchmark's directory, so sizes and I/O stay on one disk.</param>
internal sealed class LsmSyncBackend(string tempDirectory) : ISyncBackend
{
    /// <inheritdoc/>
    public string Name => "lsm";

    /// <inheritdoc/>
    public ISyncStore Open(string artifactPath, bool readOnly, int keepSyncCount = 0) =>
        SyncStore.OpenArtifact(artifactPath, new SyncStoreOptions { TempDirectory = tempDirectory, ReadOnly = readOnly, KeepSyncCount = keepSyncCount });

    /// <inheritdoc/>
    public ISyncStore ImportV1(string c1zPath, string directory) =>
        SyncStore.CreateFromV1(c1zPath, directory, new SyncStoreOptions { TempDirectory = tempDirectory }, new V1ImportOptions { TempDirectory = tempDirectory });
}
