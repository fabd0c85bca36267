using System;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync;

/// <summary>
/// A sync-artifact store: the records identity-sync tools collect (resource types, resources, entitlements, grants,
/// assets, sync runs and session data), many syncs per store, with the semantics of the Baton SDK's <c>.c1z</c>
/// SQLite backend (shared/spec/baton-storage.md). Our LSM store (<see cref="SyncStore"/>) and the SQLite reference
/// backend implement it, and a tee wraps two of them.
/// </summary>
/// <remarks>
/// Failures are <see cref="StorageException"/> with codes that mirror the reference's gRPC codes (NotFound,
/// InvalidArgument, FailedPrecondition, ResourceExhausted, ReadOnly, ...); a damaged stored value is a
/// <see cref="CorruptionException"/> naming the key. A failed write leaves the previous state intact. Dispose closes the
/// store (see <see cref="Close"/>). One store serves one writer; reads may come from any thread.
/// </remarks>
public interface ISyncStore : ISyncWriter, IDisposable
{
    /// <summary>The grant-expansion bookkeeping.</summary>
    IGrantStore Grants { get; }

    /// <summary>Sync-run metadata and stats.</summary>
    ISyncMeta SyncMeta { get; }

    /// <summary>Clones and diffs of syncs.</summary>
    IFileOps FileOps { get; }

    /// <summary>The connector's per-sync session data.</summary>
    ISessionStore Sessions { get; }

    /// <summary>True once a mutating call changed the store since it was opened or saved.</summary>
    bool IsDirty { get; }

    /// <summary>True when the store was opened read-only: every write fails with <see cref="StorageErrorCode.ReadOnly"/>.</summary>
    bool IsReadOnly { get; }

    /// <summary>Where the store saves: its directory, or the packed artifact it was opened from.</summary>
    string OutputPath { get; }

    /// <summary>The bytes the store's working set takes on disk.</summary>
    long CurrentSizeBytes();

    /// <summary>
    /// Walks every primary record and index entry of one sync (all syncs when <paramref name="syncId"/> is null) and
    /// reports each missing, dangling or mismatched index entry.
    /// </summary>
    IndexVerifyReport VerifyIndexes(string? syncId = null);

    /// <summary>
    /// Saves when dirty and writable (for a packed artifact: repacks it atomically), then closes. Idempotent. A
    /// read-only store that was modified fails with <see cref="StorageErrorCode.ReadOnly"/> and saves nothing.
    /// </summary>
    void Close();
}
