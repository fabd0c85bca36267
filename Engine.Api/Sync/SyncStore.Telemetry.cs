using System;
using Engine.Api.Sync.Telemetry;

namespace Engine.Api.Sync;

/// <summary>
/// The store's figures and reports: every public operation runs inside an <see cref="OperationScope"/> of
/// <see cref="_telemetry"/> (one line at the top of the method), which counts and times it and reports it when slow.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>
    /// The name of every sync store's <see cref="System.Diagnostics.Metrics.Meter"/> (one per store, tagged
    /// <c>engine.store.directory</c>); the key-value store underneath publishes on <c>Engine.Lsm</c>.
    /// </summary>
    public const string MeterName = SyncTelemetry.MeterName;

    private readonly SyncTelemetry _telemetry;

    /// <summary>
    /// A copy of the store's figures: per-operation counts, errors and latency, records and bytes read and written by
    /// kind, slow operations, and the key-value store's own figures (caches, flushes, compactions, levels). Counted
    /// whether or not a metrics listener is attached.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public SyncStoreMetrics GetMetrics()
    {
        ThrowIfClosed();
        return _telemetry.Snapshot(_database.GetMetrics());
    }

    /// <summary>Starts timing <paramref name="operation"/> for the stores this one hands out (grants, sync metadata, sessions).</summary>
    internal OperationScope BeginOperation(SyncOperation operation, object? subject = null) => _telemetry.Begin(operation, subject);

    /// <summary>The current sync's id for a slow-operation report that names none; empty when none is bound.</summary>
    private string CurrentSyncForReports()
    {
        lock (_stateLock)
        {
            return _current?.ToString() ?? "";
        }
    }
}
