using System;

namespace Engine.Api;

/// <summary>
/// A consistent point-in-time view of the <see cref="Database"/> that made it. Dispose it to let compaction reclaim
/// old versions.
/// </summary>
/// <remarks>
/// Thread-safe: several readers may read through one snapshot at once. It belongs to its store: passing it to another
/// store's reads throws <see cref="ArgumentException"/>; reading through it once disposed throws
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class Snapshot : IDisposable
{
    private readonly Engine.Lsm.Db.Snapshot _inner;
    private volatile bool _disposed;

    internal Snapshot(Database owner, Engine.Lsm.Db.Snapshot inner)
    {
        Owner = owner;
        _inner = inner;
    }

    /// <summary>The sequence number of the last write this snapshot sees.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot is disposed.</exception>
    public ulong Sequence
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _inner.Sequence;
        }
    }

    internal Database Owner { get; }

    /// <summary>Releases the snapshot; reads through it afterwards throw. A second dispose does nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        _inner.Dispose();
    }

    /// <summary>The engine's snapshot, after checking that this one may be read through by <paramref name="database"/>.</summary>
    /// <exception cref="ArgumentException">The snapshot belongs to another store.</exception>
    /// <exception cref="ObjectDisposedException">The snapshot is disposed.</exception>
    internal Engine.Lsm.Db.Snapshot InnerFor(Database database, string paramName)
    {
        if (!ReferenceEquals(Owner, database))
        {
            throw new ArgumentException("The snapshot belongs to another database.", paramName);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return _inner;
    }
}
