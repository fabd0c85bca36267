using System;
using System.Threading;
using Microsoft.Extensions.Logging;

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

    /// <summary>The default slow-operation threshold: 5 s, the reference's slow-query threshold.</summary>
    public static readonly TimeSpan DefaultSlowOperationThreshold = TimeSpan.FromSeconds(5);

    /// <summary>The default throttle of slow-operation log entries: one per minute per operation, as the reference.</summary>
    public static readonly TimeSpan DefaultSlowOperationLogInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where slow operations are logged (a warning with event id 1001, <c>SlowSyncOperation</c>, naming the operation,
    /// sync id, filters, page size, rows and duration); null for none.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// How long an operation may take before it is reported as slow: counted in the metrics, raised on the
    /// <c>Engine</c> event source and logged (throttled by <see cref="SlowOperationLogInterval"/>). Default 5 s.
    /// <see cref="TimeSpan.Zero"/> reports every operation; <see cref="Timeout.InfiniteTimeSpan"/> turns reports off.
    /// Measured on <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan SlowOperationThreshold { get; init; } = DefaultSlowOperationThreshold;

    /// <summary>
    /// The least time between two slow-operation log entries of the same operation (the others are counted, not
    /// logged). Default one minute; <see cref="TimeSpan.Zero"/> logs every slow operation.
    /// </summary>
    public TimeSpan SlowOperationLogInterval { get; init; } = DefaultSlowOperationLogInterval;

    /// <summary>Settings of the key-value store underneath.</summary>
    public DatabaseOptions Database { get; init; } = DatabaseOptions.Default;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Database);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAssetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepSyncCount);
        if (SlowOperationThreshold < TimeSpan.Zero && SlowOperationThreshold != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(SlowOperationThreshold), SlowOperationThreshold, "The slow-operation threshold must be zero or more, or Timeout.InfiniteTimeSpan for none.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SlowOperationLogInterval, TimeSpan.Zero);
        if (TempDirectory is { Length: 0 })
        {
            throw new ArgumentException("The temp directory must be null (the system's) or a path.", nameof(TempDirectory));
        }
    }
}
