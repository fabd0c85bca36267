using System;
using System.Collections.Generic;
using System.IO;
using Engine.Api;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1;

namespace Engine.Sqlite;

/// <summary>
/// Writes syncs of any store as a v1 <c>.c1z</c> that the reference SDK reads: a fresh <see cref="SqliteSyncStore"/> on
/// a scratch database receives every run (or one) through the transfer interfaces, 1000 rows per batch, and the database
/// is written atomically (temp file, fsync, rename).
/// </summary>
/// <remarks>Stateless; thread-safe as long as the source is.</remarks>
public static class V1Export
{
    /// <summary>Rows per import batch.</summary>
    public const int BatchRows = 1000;

    private static readonly RecordTable[] s_tables = [RecordTable.ResourceTypes, RecordTable.Resources, RecordTable.Entitlements, RecordTable.Grants];

    /// <summary>
    /// Exports every sync of <paramref name="source"/> (only <paramref name="syncId"/> when given) to a v1 <c>.c1z</c> at
    /// <paramref name="c1zPath"/>, replacing it atomically.
    /// </summary>
    /// <exception cref="StorageException">NotFound: <paramref name="syncId"/> names no sync of the source.</exception>
    public static void Export(ISyncTransferSource source, string c1zPath, string? syncId = null) =>
        Export(source, c1zPath, syncId, tempDirectory: null, TimeProvider.System);

    internal static void Export(ISyncTransferSource source, string c1zPath, string? syncId, string? tempDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(c1zPath);
        string scratch = Scratch.Create(tempDirectory, "v1-export");
        try
        {
            string database = Path.Combine(scratch, "db");
            bool found = false;
            using (SqliteSyncStore target = SqliteSyncStore.OpenDatabase(database, new SqliteSyncStoreOptions { TimeProvider = time, TempDirectory = tempDirectory }))
            {
                foreach (TransferRun run in source.ExportRuns())
                {
                    if (syncId is not null && run.SyncId != syncId)
                    {
                        continue;
                    }

                    found = true;
                    Copy(source, target, run);
                }

                target.Close();
            }

            if (syncId is not null && !found)
            {
                throw new StorageException(StorageErrorCode.NotFound, $"no sync with id '{syncId}' found");
            }

            V1Container.WriteFile(database, c1zPath);
        }
        finally
        {
            Scratch.Delete(scratch);
        }
    }

    private static void Copy(ISyncTransferSource source, SqliteSyncStore target, TransferRun run)
    {
        target.ImportRun(run);
        foreach (RecordTable table in s_tables)
        {
            List<TransferRecord> batch = new(BatchRows);
            foreach (TransferRecord record in source.ExportRecords(run.SyncId, table))
            {
                batch.Add(record);
                if (batch.Count == BatchRows)
                {
                    target.ImportRecords(run.SyncId, table, batch);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                target.ImportRecords(run.SyncId, table, batch);
            }
        }

        foreach (TransferAsset asset in source.ExportAssets(run.SyncId))
        {
            target.ImportAsset(run.SyncId, asset);
        }

        List<KeyValuePair<string, byte[]>> sessions = [.. source.ExportSessions(run.SyncId)];
        if (sessions.Count > 0)
        {
            target.ImportSessions(run.SyncId, sessions);
        }
    }
}
