using System;
using System.Text.Json;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;

namespace Engine.Sqlite;

/// <summary>Sync-run metadata writes (shared/spec/baton-storage.md, section 1.3): the diff flag, the link, the verification.</summary>
public sealed partial class SqliteSyncStore
{
    private SqliteSyncMeta? _syncMeta;

    /// <summary>Sync-run metadata and stats.</summary>
    public ISyncMeta SyncMeta => _syncMeta ??= new SqliteSyncMeta(this);

    internal void MarkSyncSupportsDiff(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (_sql.Execute("UPDATE v1_sync_runs SET supports_diff = 1 WHERE sync_id = $0", syncId) > 0)
            {
                _dirty = true;
            }
        }
    }

    internal void SetSyncLink(string syncId, string linkedSyncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(linkedSyncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (syncId.Length == 0)
            {
                SyncErrors.InvalidArgument("sync id is required");
            }

            if (_sql.Execute("UPDATE v1_sync_runs SET linked_sync_id = $0 WHERE sync_id = $1", linkedSyncId, syncId) > 0)
            {
                _dirty = true;
            }
        }
    }

    internal SyncRunInfo? LatestFullSync() => LatestFinishedInfo(SyncType.Full);

    internal SyncRunInfo? LatestFinishedSyncOfAnyType() => LatestFinishedInfo(SyncType.Any);

    /// <summary>Records that an ended sync's ingest invariants were verified; coverage stored as a JSON array.</summary>
    internal void MarkIngestInvariantsVerified(string syncId, IngestInvariantVerification verification)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(verification);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (!verification.IsVerified)
            {
                SyncErrors.InvalidArgument($"the verification of sync '{syncId}' is incomplete: generation, coverage and a known mode are required");
            }

            if (TryGetRunLocked(syncId) is not SyncRunRecord run)
            {
                SyncErrors.NotFound($"no sync with id '{syncId}' found");
                return;
            }

            if (run.EndedAtUnixNanos is null)
            {
                SyncErrors.FailedPrecondition($"sync '{syncId}' has not ended: only an ended sync can be marked verified");
            }

            _sql.Execute(
                "UPDATE v1_sync_runs SET ingest_invariant_generation = $0, ingest_invariant_coverage = $1, ingest_invariant_mode = $2 WHERE sync_id = $3 AND ended_at IS NOT NULL",
                verification.Generation, JsonSerializer.Serialize(verification.Coverage), verification.Mode, syncId);
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    internal void ClearIngestInvariantVerification(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        lock (_lock)
        {
            ThrowIfNotWritableLocked();
            if (_sql.Execute("UPDATE v1_sync_runs SET ingest_invariant_generation = '', ingest_invariant_coverage = '', ingest_invariant_mode = '' WHERE sync_id = $0", syncId) == 0)
            {
                SyncErrors.NotFound($"no sync with id '{syncId}' found");
            }

            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }
}
