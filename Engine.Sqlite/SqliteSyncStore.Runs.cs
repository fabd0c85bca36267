using System;
using System.Collections.Generic;
using System.Text.Json;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>Sync-run rows (<c>v1_sync_runs</c>): read by name into the sync store's run record, created, walked in rowid order.</summary>
public sealed partial class SqliteSyncStore
{
    private const string RunColumns =
        "id, sync_id, started_at, ended_at, sync_token, sync_type, parent_sync_id, linked_sync_id, supports_diff, grants_backfilled, stats, " +
        "ingest_invariant_generation, ingest_invariant_coverage, ingest_invariant_mode";

    /// <summary>The run of <paramref name="syncId"/>, or null; the caller holds the lock.</summary>
    private SyncRunRecord? TryGetRunLocked(string syncId)
    {
        using SqliteDataReader reader = _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs WHERE sync_id = $0", syncId);
        return reader.Read() ? ReadRun(reader) : null;
    }

    /// <summary>The run of <paramref name="syncId"/>; NotFound when it does not exist.</summary>
    private SyncRunRecord GetRunLocked(string syncId)
    {
        if (TryGetRunLocked(syncId) is not SyncRunRecord run)
        {
            SyncErrors.NotFound($"no sync with id '{syncId}' found");
            return null;
        }

        return run;
    }

    /// <summary>The run a caller named; NotFound when the id names none (or is no KSUID), as our LSM store.</summary>
    private SyncRunRecord ExistingRunLocked(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        if (!Engine.Core.Identifiers.Ksuid.TryParse(syncId, out _) || TryGetRunLocked(syncId) is not SyncRunRecord run)
        {
            SyncErrors.NotFound($"no sync with id '{syncId}' found");
            return null;
        }

        return run;
    }

    /// <summary>Every run, oldest first (rowid order); the caller holds the lock.</summary>
    private List<SyncRunRecord> RunsInCreationOrderLocked()
    {
        List<SyncRunRecord> runs = [];
        using SqliteDataReader reader = _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs ORDER BY id");
        while (reader.Read())
        {
            runs.Add(ReadRun(reader));
        }

        return runs;
    }

    /// <summary>
    /// The finished sync of <paramref name="type"/> (any when Any) at <paramref name="offset"/> in the reference's order:
    /// <c>ended_at DESC, sync_id DESC</c>; null when there are not that many.
    /// </summary>
    private SyncRunRecord? LatestFinishedLocked(SyncType type, int offset)
    {
        using SqliteDataReader reader = type == SyncType.Any
            ? _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs WHERE ended_at IS NOT NULL ORDER BY ended_at DESC, sync_id DESC LIMIT 1 OFFSET $0", offset)
            : _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs WHERE ended_at IS NOT NULL AND sync_type = $1 ORDER BY ended_at DESC, sync_id DESC LIMIT 1 OFFSET $0", offset, NameOf(type));
        return reader.Read() ? ReadRun(reader) : null;
    }

    /// <summary>The latest unfinished sync of <paramref name="type"/> started within the 7-day window (started_at, bytewise), or null.</summary>
    private SyncRunRecord? LatestUnfinishedLocked(SyncType type)
    {
        string oldest = FormatTime(ToUnixNanos(_time.GetUtcNow() - SyncStore.UnfinishedSyncMaxAge));
        using SqliteDataReader reader = type == SyncType.Any
            ? _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs WHERE ended_at IS NULL AND started_at >= $0 ORDER BY started_at DESC, id DESC LIMIT 1", oldest)
            : _sql.Query($"SELECT {RunColumns} FROM v1_sync_runs WHERE ended_at IS NULL AND started_at >= $0 AND sync_type = $1 ORDER BY started_at DESC, id DESC LIMIT 1", oldest, NameOf(type));
        return reader.Read() ? ReadRun(reader) : null;
    }

    /// <summary>Inserts a new run started now (sync_token empty, grants_backfilled set) and returns it; the caller holds the lock.</summary>
    private SyncRunRecord CreateRunLocked(SyncType type, string parentSyncId)
    {
        string id = _ids.Next().ToString();
        long started = NowUnixNanos();
        _sql.Execute(
            "INSERT INTO v1_sync_runs (sync_id, started_at, sync_token, sync_type, parent_sync_id, grants_backfilled) VALUES ($0, $1, '', $2, $3, 1)",
            id, FormatTime(started), NameOf(type), parentSyncId);
        _dirty = true;
        InvalidateDefaultSyncsLocked();
        return GetRunLocked(id);
    }

    /// <summary>Ends a run: stamps <paramref name="endedAt"/> where ended_at is still NULL, then recounts and stores its stats.</summary>
    private void EndRunLocked(SyncRunRecord run, long endedAt)
    {
        _sql.Execute("UPDATE v1_sync_runs SET ended_at = $0 WHERE sync_id = $1 AND ended_at IS NULL", FormatTime(endedAt), run.SyncId);
        run.EndedAtUnixNanos ??= endedAt;
        StoreStatsLocked(run.SyncId, CountStatsLocked(run));
        _dirty = true;
    }

    /// <summary>A run row as the sync store's record: rowid as the creation sequence, stats as protobuf bytes, an unverified marker blanked.</summary>
    private SyncRunRecord ReadRun(SqliteDataReader reader)
    {
        string syncId = reader.GetString(1);
        SyncRunRecord run = new()
        {
            Sequence = reader.GetInt64(0),
            SyncId = syncId,
            StartedAtUnixNanos = ParseTime(reader.GetString(2), $"v1_sync_runs {syncId} started_at"),
            EndedAtUnixNanos = reader.IsDBNull(3) ? null : ParseTime(reader.GetString(3), $"v1_sync_runs {syncId} ended_at"),
            SyncToken = reader.GetString(4),
            SyncType = reader.GetString(5),
            ParentSyncId = reader.GetString(6),
            LinkedSyncId = reader.GetString(7),
            SupportsDiff = reader.GetInt64(8) != 0,
            GrantsBackfilled = reader.GetInt64(9) != 0,
            Stats = SyncStatsJson.TryRead(reader.IsDBNull(10) ? null : reader.GetString(10)) is SyncStats stats ? SyncStatsCounter.Serialize(stats) : null,
        };

        IngestInvariantVerification? verification = ReadVerification(reader.GetString(11), reader.GetString(12), reader.GetString(13));
        if (verification is not null)
        {
            run.IngestInvariantGeneration = verification.Generation;
            run.IngestInvariantCoverage = [.. verification.Coverage];
            run.IngestInvariantMode = verification.Mode;
        }

        return run;
    }

    /// <summary>The stored verification, or null when it is absent, malformed or incomplete (the reference fails closed).</summary>
    private static IngestInvariantVerification? ReadVerification(string generation, string coverageJson, string mode)
    {
        if (generation.Length == 0)
        {
            return null;
        }

        List<string>? coverage;
        try
        {
            coverage = JsonSerializer.Deserialize<List<string>>(coverageJson);
        }
        catch (JsonException)
        {
            return null;
        }

        IngestInvariantVerification verification = new(generation, coverage ?? [], mode);
        return verification.IsVerified ? verification : null;
    }

    private static string NameOf(SyncType type) => Enum.IsDefined(type) ? SyncTypes.ToName(type) : type.ToString();
}
