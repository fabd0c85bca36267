using System;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Cache;

/// <summary>
/// A pin on an open table reader from the <see cref="TableCache"/>: while it is held the reader stays open, even if
/// the cache drops it to respect its bound. <see cref="Dispose"/> drops the pin.
/// </summary>
/// <remarks>
/// The default lease holds nothing. Mutable struct: keep it in one variable or field and dispose it there, or hand it
/// to an owner (an <see cref="SstIterator"/>) that disposes it; a copy disposed as well releases twice. One owner;
/// not thread-safe (the reader it pins is).
/// </remarks>
internal struct TableLease : IDisposable
{
    private TableHandle? _handle;

    internal TableLease(TableHandle handle)
    {
        _handle = handle;
    }

    /// <summary>True while the lease holds a reader.</summary>
    public readonly bool IsActive => _handle is not null;

    /// <summary>The pinned reader.</summary>
    public readonly SstReader Reader => _handle!.Reader;

    /// <summary>Drops the pin; the lease then holds nothing.</summary>
    public void Dispose()
    {
        TableHandle? handle = _handle;
        _handle = null;
        handle?.Release();
    }
}
