using System;
using Engine.Core.Threading;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;


namespace Engine.Lsm.Db;

/// <summary>
/// What one read sees: the mutable memtable, the immutable memtables (newest first) and the version.
/// </summary>
/// <remarks>
/// Published by the store with one atomic store and pinned by readers with <see cref="TryAcquire"/>; immutable.
/// The store holds one reference while the state is current. The state holds a reference to its version and to
/// each of its memtables; when its last reference is dropped it releases them, which lets obsolete tables be closed
/// and deleted and flushed memtables' arenas be freed. Thread-safe.
/// </remarks>
internal sealed class ReadState : IDisposable
{
    private RefCount _references = new(1);

    public ReadState(Memtable memtable, Memtable[] immutables, TreeVersion version)
    {
        Memtable = memtable;
        Immutables = immutables;
        Version = version;
        memtable.Acquire();
        foreach (Memtable immutable in immutables)
        {
            immutable.Acquire();
        }
    }

    public Memtable Memtable { get; }

    /// <summary>Frozen memtables awaiting flush, newest first.</summary>
    public Memtable[] Immutables { get; }

    /// <summary>The tables on disk; this state holds a reference to it.</summary>
    public TreeVersion Version { get; }

    /// <summary>Takes a reference unless the state was already released for good.</summary>
    public bool TryAcquire() => _references.TryAcquire();

    /// <summary>Drops a reference.</summary>
    public void Dispose()
    {
        if (_references.Release())
        {
            Version.Release();
            Memtable.Release();
            foreach (Memtable immutable in Immutables)
            {
                immutable.Release();
            }
        }
    }
}
