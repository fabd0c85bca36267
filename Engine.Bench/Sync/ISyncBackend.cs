using Engine.Api.Sync;

namespace Engine.Bench.Sync;

/// <summary>
/// One backend under the sync benchmark: how it opens a store packed in one file (created when missing) and what that
/// file is. Both backends are then driven through <see cref="ISyncStore"/>, so the workloads are the same code.
/// </summary>
internal interface ISyncBackend
{
    /// <summary>The name in the JSON lines and the table: <c>lsm</c> or <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Opens the store packed at <paramref name="artifactPath"/> (a new, empty one when the file is missing); Close packs
    /// it back when modified, Dispose discards the working copy. <paramref name="keepSyncCount"/> is what Cleanup keeps.
    /// </summary>
    ISyncStore Open(string artifactPath, bool readOnly, int keepSyncCount = 0);

    /// <summary>
    /// Makes the reference's v1 <paramref name="c1zPath"/> readable: our store imports it into a new store in
    /// <paramref name="directory"/>; the SQLite backend opens it (decompressed and migrated, read-only).
    /// </summary>
    ISyncStore ImportV1(string c1zPath, string directory);
}
