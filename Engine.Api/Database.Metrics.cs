using System;

namespace Engine.Api;

/// <summary>The store's figures, as the engine builds them (the types are defined once, in Engine.Lsm/Metrics).</summary>
public sealed partial class Database
{
    /// <summary>A copy of the store's figures.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public DatabaseMetrics GetMetrics()
    {
        EnsureOpen();
        return _inner.GetMetrics();
    }
}
