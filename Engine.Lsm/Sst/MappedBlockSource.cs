using System;
using Engine.Core.Storage;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// The data blocks of a table opened without a block cache: raw blocks are read in place in the mapping, compressed
/// ones decoded into the caller's buffer on every read.
/// </summary>
/// <remarks>Thread-safe; the reader keeps the mapping open while the source is used.</remarks>
internal sealed class MappedBlockSource : BlockSource
{
    private readonly IMappedFile _file;

    public MappedBlockSource(IMappedFile file, VerifiedBlocks verified)
        : base(file.Path, verified, cache: null, cacheId: 0)
    {
        _file = file;
    }

    public override ReadOnlySpan<byte> Read(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location)
    {
        lease = default;
        return Contents(_file.GetSpan(handle.Offset, handle.Size + BlockTrailer.Size), ordinal, handle, ref buffer, out location);
    }

    public override ReadOnlySpan<byte> InPlace(BlockHandle handle) => _file.GetSpan(handle.Offset, handle.Size);
}
