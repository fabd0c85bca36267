using System;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// Sync-run metadata writes (shared/spec/baton-storage.md, section 1.3): the diff flag, the diff-pair link and the
/// ingest-invariant verification. Each is one atomic write of the run record, read and written under
/// <see cref="_stateLock"/> so that concurrent metadata writes (and a reader caching stats) do not lose each other.
/// </summary>
public sealed partial class SyncStore
{
    private SyncStoreMeta? _syncMeta;

    /// <summary>Sync-run metadata and stats.</summary>
    public ISyncMeta SyncMeta => _syncMeta ??= new SyncStoreMeta(this);

    /// <summary>Marks a sync as usable for upserts/deletions diffs; like the reference, a missing sync is no error (nothing happens).</summary>
    /// <exception cref="StorageException">ReadOnly.</exception>
    internal void MarkSyncSupportsDiff(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfNotWritable();
        UpdateRun(syncId, static run => run.SupportsDiff = true, invalidatesDefaults: false);
    }

    /// <summary>Links a diff sync to its partner; like the reference, a missing sync is no error (nothing happens).</summary>
    /// <exception cref="StorageException">ReadOnly; InvalidArgument: <paramref name="syncId"/> is empty.</exception>
    internal void SetSyncLink(string syncId, string linkedSyncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(linkedSyncId);
        ThrowIfNotWritable();
        if (syncId.Length == 0)
        {
            SyncErrors.InvalidArgument("sync id is required");
        }

        UpdateRun(syncId, run => run.LinkedSyncId = linkedSyncId, invalidatesDefaults: false);
    }

    /// <summary>Records that an ended sync's ingest invariants were verified.</summary>
    /// <exception cref="StorageException">
    /// ReadOnly; InvalidArgument: <paramref name="verification"/> is not verified (see
    /// <see cref="IngestInvariantVerification.IsVerified"/>); NotFound: no such sync; FailedPrecondition: the sync has
    /// not ended.
    /// </exception>
    internal void MarkIngestInvariantsVerified(string syncId, IngestInvariantVerification verification)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(verification);
        ThrowIfNotWritable();
        if (!verification.IsVerified)
        {
            SyncErrors.InvalidArgument($"the verification of sync '{syncId}' is incomplete: generation, coverage and a known mode are required");
        }

        RequireUpdated(syncId, UpdateRun(syncId, run =>
        {
            if (run.EndedAtUnixNanos is null)
            {
                SyncErrors.FailedPrecondition($"sync '{syncId}' has not ended: only an ended sync can be marked verified");
            }

            run.IngestInvariantGeneration = verification.Generation;
            run.IngestInvariantCoverage = [.. verification.Coverage];
            run.IngestInvariantMode = verification.Mode;
        }, invalidatesDefaults: true));
    }

    /// <summary>Forgets a sync's ingest-invariant verification.</summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: no such sync.</exception>
    internal void ClearIngestInvariantVerification(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfNotWritable();
        RequireUpdated(syncId, UpdateRun(syncId, static run =>
        {
            run.IngestInvariantGeneration = "";
            run.IngestInvariantCoverage = [];
            run.IngestInvariantMode = "";
        }, invalidatesDefaults: true));
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the run of <paramref name="syncId"/> and stores it in one write, marking the
    /// store dirty; false (nothing written) when there is no such sync. <paramref name="change"/> may throw to refuse.
    /// </summary>
    private bool UpdateRun(string syncId, Action<SyncRunRecord> change, bool invalidatesDefaults)
    {
        if (!Ksuid.TryParse(syncId, out Ksuid id))
        {
            return false;
        }

        lock (_stateLock)
        {
            if (TryGetRun(id) is not SyncRunRecord run)
            {
                return false;
            }

            change(run);
            PutRun(run, id);
            _dirty = true;
            if (invalidatesDefaults)
            {
                InvalidateDefaultSyncsLocked();
            }

            return true;
        }
    }

    private static void RequireUpdated(string syncId, bool updated)
    {
        if (!updated)
        {
            SyncErrors.NotFound($"no sync with id '{syncId}' found");
        }
    }
}
