using System;
using System.Threading;
using Engine.Api.LocalFirst.TimeSeries;

namespace Engine.Api.LocalFirst;

/// <summary>The time-series store.</summary>
public sealed partial class LocalStore
{
    // Created on first use; the store keeps no state of its own, so a second instance from a race would be harmless.
    private TimeSeriesStore? _timeSeries;

    /// <summary>The time series of this store: points with tags, range queries, aggregation, range deletion, retention.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public TimeSeriesStore TimeSeries
    {
        get
        {
            ThrowIfDisposed();
            return LazyInitializer.EnsureInitialized(ref _timeSeries, () => new TimeSeriesStore(this));
        }
    }
}
