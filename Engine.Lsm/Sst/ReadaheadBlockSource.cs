using System;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// The data blocks of one table as a compaction reads them: through a <see cref="ReadaheadReader"/> over the file
/// instead of the mapping, so a merge does not leave its whole input resident. A compressed block already in the cache
/// is taken from it; a miss is decoded into the iterator's buffer and never inserted, since a compaction reads each
/// block once and would push out the blocks foreground reads use.
/// </summary>
/// <remarks>One thread, like the iterator that owns it; owns the readahead reader and disposes it.</remarks>
internal sealed class ReadaheadBlockSource : BlockSource
{
    private readonly ReadaheadReader _stream;

    /// <param name="table">The source of the open table, whose checked blocks and cache this one shares.</param>
    /// <param name="stream">The same table file, read front to back; owned.</param>
    public ReadaheadBlockSource(BlockSource table, ReadaheadReader stream)
        : base(table.Path, table.Verified, table.Cache, table.CacheId)
    {
        _stream = stream;
    }

    public override ReadOnlySpan<byte> Read(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location) =>
        FromStored(_stream.Read(handle.Offset, handle.Size + BlockTrailer.Size), ordinal, handle, ref buffer, fillCache: false, out lease, out location);

    /// <summary>The block from the readahead window, which holds it until the next block is read.</summary>
    public override ReadOnlySpan<byte> InPlace(BlockHandle handle) => _stream.Read(handle.Offset, handle.Size);

    protected override void ReleaseOwned() => _stream.Dispose();
}
