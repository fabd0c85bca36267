using System;

namespace Engine.Api.Sync;

/// <summary>Settings of a <see cref="SyncStore"/>; immutable, checked when the store opens.</summary>
public sealed record SyncStoreOptions
{
    /// <summary>The defaults: writable, the system clock, 64 MiB assets, cleanup on.</summary>
    public static readonly SyncStoreOptions Default = new();

    /// <summary>The default asset limit: 64 MiB, as the reference.</summary>
    public const long DefaultMaxAssetBytes = 64L << 20;

    /// <summary>Open for reads only: every write fails with <see cref="StorageErrorCode.ReadOnly"/> and Close saves nothing.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The clock for started_at, ended_at, discovered_at and the 7-day unfinished-sync window; tests inject one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest asset <c>PutAsset</c> accepts; a larger one is ResourceExhausted and nothing is written.</summary>
    public long MaxAssetBytes { get; init; } = DefaultMaxAssetBytes;

    /// <summary>Cleanup does nothing (the reference's skip-cleanup option; the env var BATON_SKIP_CLEANUP also counts).</summary>
    public bool SkipCleanup { get; init; }

    /// <summary>Cleanup deletes syncs but does not compact the freed ranges (the reference's skip-vacuum).</summary>
    public bool SkipVacuum { get; init; }

    /// <summary>Full syncs Cleanup keeps; 0 for the env var BATON_KEEP_SYNC_COUNT, else 2.</summary>
    public int KeepSyncCount { get; init; }

    /// <summary>
    /// Where packed artifacts are unpacked and packs are staged (a scratch directory per use, removed after); null for
    /// the system's temp directory (<see cref="System.IO.Path.GetTempPath"/>).
    /// </summary>
    public string? TempDirectory { get; init; }

    /// <summary>Settings of the key-value store underneath.</summary>
    public DatabaseOptions Database { get; init; } = DatabaseOptions.Default;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Database);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAssetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepSyncCount);
        if (TempDirectory is { Length: 0 })
        {
            throw new ArgumentException("The temp directory must be null (the system's) or a path.", nameof(TempDirectory));
        }
    }
}
