using System.Collections.Generic;

namespace Engine.Api.Sync.Telemetry;

/// <summary>
/// A point-in-time copy of a <see cref="SyncStore"/>'s figures (<see cref="SyncStore.GetMetrics"/>): operations,
/// records and bytes by kind, slow operations, and the key-value store's own figures underneath. The same operation
/// and record figures are published through <c>System.Diagnostics.Metrics</c> on a meter named
/// <see cref="SyncStore.MeterName"/>; these are counted whether or not anything listens.
/// </summary>
/// <remarks>Immutable; thread-safe. Counters run from the open.</remarks>
public sealed record SyncStoreMetrics
{
    /// <summary>Per operation (the method's name, e.g. <c>ListGrants</c>), the operations called at least once.</summary>
    public IReadOnlyDictionary<string, SyncOperationMetrics> Operations { get; init; } = new Dictionary<string, SyncOperationMetrics>();

    /// <summary>Per record kind (<c>resource_type</c>, <c>resource</c>, <c>entitlement</c>, <c>grant</c>, <c>asset</c>, <c>session</c>, <c>sync_run</c>), the kinds read or written at least once.</summary>
    public IReadOnlyDictionary<string, SyncRecordMetrics> Records { get; init; } = new Dictionary<string, SyncRecordMetrics>();

    /// <summary>Operations that took at least <see cref="SyncStoreOptions.SlowOperationThreshold"/>.</summary>
    public long SlowOperations { get; init; }

    /// <summary>Slow operations written to the logger; the others were within the throttle interval of one logged before.</summary>
    public long SlowOperationsLogged { get; init; }

    /// <summary>The key-value store's figures: flushes, compactions, caches, levels.</summary>
    public required DatabaseMetrics Database { get; init; }
}
