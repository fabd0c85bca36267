using System;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>Read snapshots and optimistic transactions.</summary>
public sealed partial class KeyValueStore
{
    /// <summary>A consistent read view of the namespace as it is now. Dispose it.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public KeyValueSnapshot OpenSnapshot()
    {
        _store.ThrowIfDisposed();
        return new KeyValueSnapshot(this, _store.Database.GetSnapshot());
    }

    /// <summary>Begins an optimistic transaction reading the namespace as it is now. Commit it, or dispose it to roll back.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public KeyValueTransaction BeginTransaction()
    {
        _store.ThrowIfDisposed();
        return new KeyValueTransaction(this, _store.Database.GetSnapshot());
    }
}
