using System.Threading;
using Engine.Core.Threading;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Cache;

/// <summary>
/// One open reader in the <see cref="TableCache"/>, reference counted: the cache holds one reference while the
/// handle is listed, and each <see cref="TableLease"/> one more. The reader is closed when the count reaches zero.
/// </summary>
/// <remarks>
/// Once the count has reached zero it cannot be revived (<see cref="RefCount"/>), so a lookup that races with the
/// close fails to acquire and opens the table again. Thread-safe.
/// </remarks>
internal sealed class TableHandle
{
    private readonly TableCache _owner;

    // Mutable struct: not readonly.
    private RefCount _references = new(1);

    // The CLOCK reference bit: set by each acquire, cleared by the cache's sweep.
    private bool _referenced;

    public TableHandle(TableCache owner, ulong number, SstReader reader)
    {
        _owner = owner;
        Number = number;
        Reader = reader;
    }

    /// <summary>The table's file number.</summary>
    public ulong Number { get; }

    /// <summary>The open reader; valid while a reference is held.</summary>
    public SstReader Reader { get; }

    /// <summary>The handle's position in the cache's clock ring; guarded by the cache's open lock.</summary>
    internal int RingIndex { get; set; }

    /// <summary>True while a lease holds the handle (beyond the cache's own reference); stale at once.</summary>
    internal bool IsPinned => _references.Current > 1;

    /// <summary>Takes a reference unless the handle is closed; marks it recently used.</summary>
    public bool TryAcquire()
    {
        if (!_references.TryAcquire())
        {
            return false;
        }

        if (!Volatile.Read(ref _referenced))
        {
            Volatile.Write(ref _referenced, true);
        }

        return true;
    }

    /// <summary>Drops a lease's reference; the last one closes the reader.</summary>
    public void Release()
    {
        if (_references.Release())
        {
            Close();
        }
        else
        {
            _owner.OnLeaseReleased();
        }
    }

    /// <summary>Drops the cache's own reference, once the cache no longer lists the handle.</summary>
    internal void ReleaseListing()
    {
        if (_references.Release())
        {
            Close();
        }
    }

    /// <summary>Clears the reference bit; true when it was set (the handle's second chance).</summary>
    internal bool TakeReferenced()
    {
        if (!Volatile.Read(ref _referenced))
        {
            return false;
        }

        Volatile.Write(ref _referenced, false);
        return true;
    }

    private void Close()
    {
        Reader.Dispose();
        _owner.OnClosed(Reader);
    }
}
