using System;
using Engine.Core.Storage;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// The data blocks of a table opened with a block cache and read through its mapping: raw blocks in place, compressed
/// ones from the cache, decoded from the mapping into it on a miss (or, for a read that must not fill the cache, into
/// the caller's buffer).
/// </summary>
/// <remarks>
/// Chosen when positional reads are off (<see cref="Options.LsmOptions.PositionalDataReads"/>). A raw block is never
/// cached: the page cache already holds its mapped bytes, so a copy would only cost memory; but every mapped page a
/// read touches counts as the process's resident memory until the table is unmapped.
/// Thread-safe; the reader keeps the mapping open while the source is used.
/// </remarks>
internal sealed class CachedDecodedBlockSource : BlockSource
{
    private readonly IMappedFile _file;

    public CachedDecodedBlockSource(IMappedFile file, VerifiedBlocks verified, BlockCache cache, ulong cacheId)
        : base(file.Path, verified, cache, cacheId)
    {
        _file = file;
    }

    public override ReadOnlySpan<byte> Read(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location) =>
        FromStored(_file.GetSpan(handle.Offset, handle.Size + BlockTrailer.Size), ordinal, handle, ref buffer, fillCache, out lease, out location);

    public override ReadOnlySpan<byte> InPlace(BlockHandle handle) => _file.GetSpan(handle.Offset, handle.Size);
}
