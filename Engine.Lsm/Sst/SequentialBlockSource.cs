using System;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// The data blocks of a table read by positional reads (<see cref="PositionalBlockSource"/>) as one iterator's forward
/// scan reads them: the cache first, as the table's own source does, and on a miss the stored bytes from a growing
/// <see cref="ReadaheadReader"/> window instead of one positional read per block.
/// </summary>
/// <remarks>
/// Made by <see cref="PositionalBlockSource.ForSequentialReads"/> when an iterator has crossed a few blocks in a row.
/// Misses fill the cache or not as the iterator asks, exactly as through the table's source, so a scan's effect on the
/// cache does not depend on how the bytes arrived. One thread, like the iterator that owns it; owns the readahead reader
/// (which borrows the table's file) and disposes it.
/// </remarks>
internal sealed class SequentialBlockSource : BlockSource
{
    private readonly ReadaheadReader _stream;

    /// <param name="table">The table's source, whose file, checked blocks and cache this one shares.</param>
    /// <param name="stream">The table's file, read front to back; owned.</param>
    public SequentialBlockSource(PositionalBlockSource table, ReadaheadReader stream)
        : base(table.Path, table.Verified, table.Cache, table.CacheId)
    {
        _stream = stream;
    }

    public override ReadOnlySpan<byte> Read(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location)
    {
        BlockCacheKey key = new(CacheId, handle.Offset);
        if (Cache!.TryGet(key, out lease))
        {
            location = BlockLocation.Lease;
            return lease.Span;
        }

        ReadOnlySpan<byte> stored = _stream.Read(handle.Offset, handle.Size + BlockTrailer.Size);
        if (fillCache)
        {
            bool verified = Verified.Contains(ordinal);
            location = BlockLocation.Lease;
            return IntoCache(key, ordinal, handle, stored, verifyChecksum: !verified, validate: !verified, out lease);
        }

        return Contents(stored, ordinal, handle, ref buffer, out location);
    }

    /// <summary>A raw block kept out of the cache, from the window, which holds it until the next block is read.</summary>
    public override ReadOnlySpan<byte> InPlace(BlockHandle handle) => _stream.Read(handle.Offset, handle.Size);

    protected override void ReleaseOwned() => _stream.Dispose();
}
