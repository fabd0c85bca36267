namespace Engine.Sqlite;

/// <summary>The SQLite journal modes a <see cref="SqliteSyncStore"/> may run its working database in.</summary>
public enum SqliteJournalMode
{
    /// <summary>Write-ahead log: the fast mode, checkpointed with TRUNCATE at Close.</summary>
    Wal,

    /// <summary>A rollback journal truncated after each transaction: the reference's default.</summary>
    Truncate,

    /// <summary>A rollback journal deleted after each transaction: SQLite's default.</summary>
    Delete,
}
