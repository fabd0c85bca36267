using System;

namespace Engine.Sqlite;

/// <summary>Settings of a <see cref="SqliteSyncStore"/>; immutable, checked when the store opens.</summary>
public sealed record SqliteSyncStoreOptions
{
    /// <summary>The defaults: writable, the system clock, WAL journal, cleanup on.</summary>
    public static readonly SqliteSyncStoreOptions Default = new();

    /// <summary>Open for reads only: every write fails with <see cref="Engine.Api.StorageErrorCode.ReadOnly"/> and Close saves nothing.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// The clock for started_at, ended_at, discovered_at and the 7-day unfinished-sync window; timestamps are rendered
    /// as wall-clock text in its <see cref="TimeProvider.LocalTimeZone"/>, as the reference writes them.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest asset <c>PutAsset</c> accepts (as our LSM store's default, 64 MiB); a larger one is ResourceExhausted and nothing is written.</summary>
    public long MaxAssetBytes { get; init; } = Engine.Api.Sync.SyncStoreOptions.DefaultMaxAssetBytes;

    /// <summary>Cleanup does nothing (the reference's skip-cleanup option; the env var BATON_SKIP_CLEANUP also counts).</summary>
    public bool SkipCleanup { get; init; }

    /// <summary>Cleanup deletes syncs but does not run VACUUM (the reference's skip-vacuum).</summary>
    public bool SkipVacuum { get; init; }

    /// <summary>Full syncs Cleanup keeps; 0 for the env var BATON_KEEP_SYNC_COUNT, else 2.</summary>
    public int KeepSyncCount { get; init; }

    /// <summary>
    /// The journal mode of the working database. The reference defaults to TRUNCATE and lets callers choose WAL; WAL is
    /// the default here because it is the fast setting a fair baseline should measure. Close checkpoints it away, so a
    /// saved file never depends on a <c>-wal</c> file.
    /// </summary>
    public SqliteJournalMode JournalMode { get; init; } = SqliteJournalMode.Wal;

    /// <summary>
    /// Where a <c>.c1z</c> is decompressed for work and where clones and exports are staged (a directory per use,
    /// removed after); null for the system's temp directory.
    /// </summary>
    public string? TempDirectory { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepSyncCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAssetBytes);
        if (!Enum.IsDefined(JournalMode))
        {
            throw new ArgumentOutOfRangeException(nameof(JournalMode), JournalMode, "Not a journal mode.");
        }

        if (TempDirectory is { Length: 0 })
        {
            throw new ArgumentException("The temp directory must be null (the system's) or a path.", nameof(TempDirectory));
        }
    }
}
