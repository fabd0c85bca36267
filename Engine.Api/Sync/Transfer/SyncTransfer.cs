using System;
using System.Collections.Generic;

namespace Engine.Api.Sync.Transfer;

/// <summary>Copies syncs from a transfer source into a transfer target, streaming: one batch of rows in memory at a time.</summary>
/// <remarks>Stateless; thread-safe as far as the source and target are.</remarks>
public static class SyncTransfer
{
    /// <summary>Rows handed to the target per <see cref="ISyncTransferTarget.ImportRecords"/> call.</summary>
    public const int RowsPerBatch = 1000;

    /// <summary>Session entries handed to the target per <see cref="ISyncTransferTarget.ImportSessions"/> call.</summary>
    public const int SessionsPerBatch = 1000;

    private static readonly RecordTable[] s_tables = [RecordTable.ResourceTypes, RecordTable.Resources, RecordTable.Entitlements, RecordTable.Grants];

    /// <summary>
    /// Copies every sync run of <paramref name="source"/> (or only <paramref name="syncId"/>) into
    /// <paramref name="target"/> in the source's creation order, each run followed by its four tables, its assets and
    /// its session entries.
    /// </summary>
    /// <returns>The number of syncs copied.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="target"/> is null.</exception>
    /// <exception cref="StorageException">NotFound: <paramref name="syncId"/> names no run of the source; what the source or target throws.</exception>
    public static int Copy(ISyncTransferSource source, ISyncTransferTarget target, string? syncId = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);

        // The runs are read first and whole: they are few, and a source need not serve two of its listings at once.
        List<TransferRun> runs = [];
        foreach (TransferRun run in source.ExportRuns())
        {
            if (syncId is null || run.SyncId == syncId)
            {
                runs.Add(run);
            }
        }

        if (syncId is not null && runs.Count == 0)
        {
            throw new StorageException(StorageErrorCode.NotFound, $"no sync with id '{syncId}' found to copy");
        }

        foreach (TransferRun run in runs)
        {
            CopyRun(source, target, run);
        }

        return runs.Count;
    }

    private static void CopyRun(ISyncTransferSource source, ISyncTransferTarget target, TransferRun run)
    {
        target.ImportRun(run);
        foreach (RecordTable table in s_tables)
        {
            InBatches(source.ExportRecords(run.SyncId, table), RowsPerBatch, rows => target.ImportRecords(run.SyncId, table, rows));
        }

        foreach (TransferAsset asset in source.ExportAssets(run.SyncId))
        {
            target.ImportAsset(run.SyncId, asset);
        }

        InBatches(source.ExportSessions(run.SyncId), SessionsPerBatch, entries => target.ImportSessions(run.SyncId, entries));
    }

    /// <summary>Hands <paramref name="items"/> to <paramref name="import"/> in lists of at most <paramref name="size"/>; the list is reused, so the callee must not keep it.</summary>
    private static void InBatches<T>(IEnumerable<T> items, int size, Action<List<T>> import)
    {
        List<T> batch = new(size);
        foreach (T item in items)
        {
            batch.Add(item);
            if (batch.Count == size)
            {
                import(batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            import(batch);
        }
    }
}
