using System;

namespace Engine.Lsm.Cache;

/// <summary>
/// A pin on one decoded block: while the lease is held the block's memory is neither freed nor reused, even if the
/// <see cref="BlockCache"/> evicts or erases it. <see cref="Dispose"/> drops the pin.
/// </summary>
/// <remarks>
/// A lease either pins a cache entry or, for a block the cache cannot hold, owns a pooled buffer that it returns on
/// <see cref="Dispose"/>. The default lease holds nothing and disposing it does nothing. Mutable struct: keep it in
/// one variable or field and dispose it there, exactly once; a copy that is disposed as well releases the pin twice.
/// One owner; not thread-safe (the cache it pins is).
/// </remarks>
internal struct BlockLease : IDisposable
{
    private BlockCacheShard? _shard;
    private byte[]? _buffer;
    private int _length;
    private int _slot;
    private int _generation;

    /// <summary>A lease pinning slot <paramref name="slot"/> of <paramref name="shard"/>.</summary>
    internal BlockLease(BlockCacheShard shard, int slot, int generation, byte[] buffer, int length)
    {
        _shard = shard;
        _slot = slot;
        _generation = generation;
        _buffer = buffer;
        _length = length;
    }

    /// <summary>A lease owning <paramref name="buffer"/>, rented from <see cref="BlockBufferPool"/>.</summary>
    internal BlockLease(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>True while the lease holds a block.</summary>
    public readonly bool IsActive => _buffer is not null;

    /// <summary>True when the lease pins a cache entry (false for an uncached block or no block).</summary>
    public readonly bool IsCached => _shard is not null;

    /// <summary>The block's contents; empty when the lease holds nothing.</summary>
    public readonly ReadOnlySpan<byte> Span => new(_buffer, 0, _length);

    /// <summary>Drops the pin (or returns the owned buffer); the lease then holds nothing.</summary>
    public void Dispose()
    {
        byte[]? buffer = _buffer;
        if (buffer is null)
        {
            return;
        }

        BlockCacheShard? shard = _shard;
        _buffer = null;
        _shard = null;
        _length = 0;
        if (shard is null)
        {
            BlockBufferPool.Shared.Return(buffer);
        }
        else
        {
            shard.Release(_slot, _generation);
        }
    }
}
