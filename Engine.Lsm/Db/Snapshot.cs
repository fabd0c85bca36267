using System;
using System.Collections.Generic;
using Engine.Core.Errors;

namespace Engine.Lsm.Db;

/// <summary>A pinned sequence number: reads through it see the store as it was when it was taken.</summary>
/// <remarks>
/// While a snapshot lives, compaction keeps every version of a key that it can see. Dispose releases it.
/// Thread-safe; may be used by several readers at once.
/// </remarks>
internal sealed class Snapshot : IDisposable
{
    private readonly SnapshotList _owner;
    private bool _disposed;

    internal Snapshot(SnapshotList owner, ulong sequence)
    {
        _owner = owner;
        Sequence = sequence;
    }

    /// <summary>The sequence number reads through this snapshot see up to.</summary>
    public ulong Sequence { get; }

    /// <summary>The snapshot's place in its list; guarded by the list's lock.</summary>
    internal LinkedListNode<Snapshot>? Node { get; set; }

    /// <summary>True when the snapshot was taken from the store that owns <paramref name="list"/>.</summary>
    public bool BelongsTo(SnapshotList list) => ReferenceEquals(_owner, list);

    /// <summary>Throws when the snapshot has been released.</summary>
    public void EnsureLive()
    {
        if (_disposed)
        {
            ThrowHelper.ThrowFailedPrecondition("The snapshot has been disposed.");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _owner.Remove(this);
    }
}
