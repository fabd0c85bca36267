using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Telemetry;

namespace Engine.Api.Sync;

/// <summary>
/// Maintenance on demand: a manual compaction of the whole store, a vacuum (Cleanup with a chosen keep count, then the
/// compaction of the freed ranges), and a check of the tables and the sync indexes, each reporting what it did.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>
    /// Compacts every table of the store down the tree, dropping overwritten and deleted entries (and the space of
    /// deleted syncs). Runs on the calling thread; reads and writes go on.
    /// </summary>
    /// <returns>The bytes on disk and the tables before and after, and the time taken.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">ReadOnly; the key-value store has failed, or I/O failed.</exception>
    public CompactionReport Compact()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.Compact);
        ThrowIfNotWritable();
        long bytesBefore = CurrentSizeBytes();
        int tablesBefore = TableCount();
        Stopwatch clock = Stopwatch.StartNew();
        Db.Compact();
        clock.Stop();
        return new CompactionReport(bytesBefore, CurrentSizeBytes(), tablesBefore, TableCount(), clock.Elapsed);
    }

    /// <summary>
    /// Deletes the syncs the retention policy selects, as <see cref="Cleanup"/> does, keeping
    /// <paramref name="keepSyncCount"/> full syncs (0: the limit Cleanup resolves: <see cref="SyncStoreOptions.KeepSyncCount"/>
    /// when above 0, else the environment variable BATON_KEEP_SYNC_COUNT, else 2; one fewer while a sync is open), then
    /// compacts the freed ranges so that their space comes back. Unlike Cleanup, an explicit call: it runs whatever
    /// <see cref="SyncStoreOptions.SkipCleanup"/>, <see cref="SyncStoreOptions.SkipVacuum"/> and BATON_SKIP_CLEANUP say.
    /// </summary>
    /// <param name="keepSyncCount">The full syncs to keep; 0 for Cleanup's default.</param>
    /// <returns>The deleted syncs, the resolved limit, the bytes on disk before and after, and the time taken.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepSyncCount"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">ReadOnly; the key-value store has failed, or I/O failed.</exception>
    public VacuumReport Vacuum(int keepSyncCount = 0)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.Vacuum);
        ArgumentOutOfRangeException.ThrowIfNegative(keepSyncCount);
        ThrowIfNotWritable();
        long bytesBefore = CurrentSizeBytes();
        Stopwatch clock = Stopwatch.StartNew();
        (List<string> deleted, int limit) = DeleteSyncsByPolicy(keepSyncCount > 0 ? keepSyncCount : _options.KeepSyncCount, vacuum: true);
        clock.Stop();
        return new VacuumReport(deleted, limit, bytesBefore, CurrentSizeBytes(), clock.Elapsed);
    }

    /// <summary>
    /// Checks the store: every table block by block and the level invariants (<see cref="Database.Verify"/>), then the
    /// sync indexes of one sync, or of all when <paramref name="syncId"/> is null or empty (<see cref="VerifyIndexes"/>).
    /// Problems are reported, not thrown: a record too damaged for the index check to go on ends that check with a
    /// problem saying so. Reads the latest data; run it while nothing writes.
    /// </summary>
    /// <param name="syncId">The sync whose indexes are checked; null or empty for every sync.</param>
    /// <returns>Both reports, every problem as a line, and the time taken; <see cref="StoreVerifyReport.IsHealthy"/> when none.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">InvalidArgument: a malformed sync id; NotFound: no such sync; the directory cannot be listed.</exception>
    public StoreVerifyReport Verify(string? syncId = null)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.Verify, syncId);
        ThrowIfClosed();
        if (!string.IsNullOrEmpty(syncId))
        {
            ExistingSync(syncId);
        }

        Stopwatch clock = Stopwatch.StartNew();
        List<string> problems = [];
        VerifyReport tables = Db.Verify();
        foreach (VerifyProblem problem in tables.Problems)
        {
            problems.Add(Describe(problem));
        }

        IndexVerifyReport? indexes = null;
        try
        {
            indexes = VerifyIndexes(syncId);
            foreach (IndexProblem problem in indexes.Problems)
            {
                problems.Add($"index {problem.Index}: {problem.Kind} entry, sync {problem.SyncId}, record '{problem.RecordId}': {problem.Detail}");
            }
        }
        catch (CorruptionException ex)
        {
            problems.Add("the index check stopped: " + ex.Message);
        }

        clock.Stop();
        return new StoreVerifyReport(tables, indexes, problems, clock.Elapsed);
    }

    /// <summary>A table problem as one line: kind, file, level and offset when known, and the message.</summary>
    private static string Describe(VerifyProblem problem)
    {
        string where = problem.FilePath is null ? "" : $" {Path.GetFileName(problem.FilePath)}";
        where += problem.Level is int level ? $" (L{level})" : "";
        where += problem.Offset is long offset ? $" at offset {offset}" : "";
        return $"table{where}: {problem.Kind}: {problem.Message}";
    }

    /// <summary>The tables in the tree now, over every level.</summary>
    private int TableCount()
    {
        int tables = 0;
        foreach (int count in Db.GetMetrics().FilesPerLevel)
        {
            tables += count;
        }

        return tables;
    }
}
