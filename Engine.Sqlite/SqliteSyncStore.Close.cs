using System.IO;
using Engine.Api;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.V1;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// Close, the store's size and the index check (shared/spec/baton-storage.md, section 1.15): a modified writable store
/// opened from a <c>.c1z</c> checkpoints its WAL away, closes the connection and writes the file atomically.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>
    /// Saves when modified and writable (a <c>.c1z</c>: checkpoint with TRUNCATE, close, write <c>path.tmp</c>, fsync,
    /// rename), then closes and removes the working copy. Idempotent.
    /// </summary>
    /// <exception cref="StorageException">ReadOnly: the store is read-only and was modified (it is closed, nothing saved).</exception>
    public void Close()
    {
        bool modifiedReadOnly;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            modifiedReadOnly = _dirty && _options.ReadOnly;
            bool save = _dirty && !_options.ReadOnly;
            try
            {
                if (save || _c1zPath is null)
                {
                    Checkpoint();
                }

                _sql.Dispose();
                if (save && _c1zPath is not null)
                {
                    V1Container.WriteFile(_databasePath, _c1zPath);
                }

                _dirty &= !save;
            }
            finally
            {
                Scratch.Delete(_workDirectory);
            }
        }

        if (modifiedReadOnly)
        {
            SyncErrors.ReadOnly("c1z: read only mode: the store was modified and is not saved");
        }
    }

    /// <summary>Closes without saving what Close would save, and removes the working copy.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _sql.Dispose();
            Scratch.Delete(_workDirectory);
        }
    }

    /// <summary>The bytes of the working database and its <c>-wal</c> file.</summary>
    public long CurrentSizeBytes()
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            FileInfo database = new(_databasePath);
            FileInfo wal = new(_databasePath + "-wal");
            return (database.Exists ? database.Length : 0) + (wal.Exists ? wal.Length : 0);
        }
    }

    /// <summary>
    /// SQLite keeps its indexes itself, so this runs <c>PRAGMA integrity_check</c> (which checks every index against its
    /// table) and reports each line it returns as a mismatched entry; <paramref name="syncId"/> only labels the report.
    /// </summary>
    public IndexVerifyReport VerifyIndexes(string? syncId = null)
    {
        lock (_lock)
        {
            ThrowIfClosedLocked();
            System.Collections.Generic.List<IndexProblem> problems = [];
            using (SqliteDataReader reader = _sql.Query("PRAGMA integrity_check"))
            {
                while (reader.Read())
                {
                    string line = reader.GetString(0);
                    if (line != "ok")
                    {
                        problems.Add(new IndexProblem(IndexProblemKind.Mismatched, "integrity_check", syncId ?? "", "", line));
                    }
                }
            }

            long rows = 0;
            foreach ((string table, _) in V1Schema.Tables)
            {
                rows += (long)_sql.Scalar($"SELECT count(*) FROM {table}")!;
            }

            return new IndexVerifyReport(rows, 0, problems);
        }
    }

    /// <summary>Moves every WAL frame into the database and truncates the WAL; an incomplete checkpoint fails.</summary>
    private void Checkpoint()
    {
        if (_options.ReadOnly)
        {
            return;
        }

        using SqliteDataReader reader = _sql.Query("PRAGMA wal_checkpoint(TRUNCATE)");
        if (reader.Read() && (reader.GetInt64(0) != 0 || (reader.GetInt64(1) >= 0 && reader.GetInt64(2) < reader.GetInt64(1))))
        {
            SyncErrors.Internal($"the WAL checkpoint of '{_databasePath}' is incomplete (busy {reader.GetInt64(0)}, log {reader.GetInt64(1)}, checkpointed {reader.GetInt64(2)})");
        }
    }
}
