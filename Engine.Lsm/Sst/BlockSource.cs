using System;
using Engine.Core.Compression;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// Where a table's data blocks come from: chosen once per reader when the table opens (<see cref="MappedBlockSource"/>,
/// <see cref="CachedDecodedBlockSource"/> or <see cref="PositionalBlockSource"/>), or per compaction iterator
/// (<see cref="ReadaheadBlockSource"/>), so the read path asks one source and never branches on how bytes arrive.
/// </summary>
/// <remarks>
/// <para>
/// Every source checks a block on the table's first use of it (checksum, then <see cref="BlockReader.Validate"/> on
/// the contents) and records it in the table's <see cref="VerifiedBlocks"/>; a block found in the block cache was
/// checked by the reader that inserted it. A failed check is a <see cref="Engine.Api.CorruptionException"/>
/// naming the file and the block's offset.
/// </para>
/// <para>
/// The sources of an open table are thread-safe (a readahead source, like its iterator, belongs to one thread). A source
/// neither owns the table's mapping nor outlives its reader.
/// </para>
/// </remarks>
internal abstract class BlockSource : IDisposable
{
    protected BlockSource(string path, VerifiedBlocks verified, BlockCache? cache, ulong cacheId)
    {
        Path = path;
        Verified = verified;
        Cache = cache;
        CacheId = cacheId;
    }

    /// <summary>The table's path, for errors.</summary>
    public string Path { get; }

    /// <summary>The table's checked blocks, shared by every source over the open table.</summary>
    public VerifiedBlocks Verified { get; }

    /// <summary>The block cache decoded blocks go through, if any.</summary>
    public BlockCache? Cache { get; }

    /// <summary>The table's identity in <see cref="Cache"/>: its file number.</summary>
    public ulong CacheId { get; }

    /// <summary>
    /// The contents of data block <paramref name="ordinal"/> at <paramref name="handle"/>, checked on the table's first
    /// use. <paramref name="location"/> says where they live: in place (valid while the source is; found again by
    /// <see cref="InPlace"/>), in a cached block pinned by <paramref name="lease"/>, or in <paramref name="buffer"/>,
    /// grown as needed. <paramref name="fillCache"/> false keeps a miss out of the cache. The caller disposes
    /// <paramref name="lease"/>, inactive unless the cache served the block.
    /// </summary>
    public abstract ReadOnlySpan<byte> Read(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location);

    /// <summary>The contents of a block that <see cref="Read"/> returned <see cref="BlockLocation.InPlace"/>, again.</summary>
    public abstract ReadOnlySpan<byte> InPlace(BlockHandle handle);

    /// <summary>
    /// A source for one iterator's forward scan of this table that reads many blocks per system call, or null when this
    /// source gains nothing from it (a mapping costs no call per block). The caller owns and disposes it; it shares this
    /// source's file, checked blocks and cache, and must not outlive it.
    /// </summary>
    public virtual BlockSource? ForSequentialReads() => null;

    /// <summary>Releases what the source owns (a positional file, a readahead window).</summary>
    public void Dispose() => ReleaseOwned();

    /// <summary>Releases what a derived source owns; the base owns nothing.</summary>
    protected virtual void ReleaseOwned()
    {
    }

    /// <summary>
    /// The cache-aware read of a block whose stored bytes (with trailer) are at hand: a raw block in place, a compressed
    /// one from the cache, decoded into it on a miss when <paramref name="fillCache"/> is set, else into
    /// <paramref name="buffer"/>.
    /// </summary>
    protected ReadOnlySpan<byte> FromStored(ReadOnlySpan<byte> stored, int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location)
    {
        lease = default;

        // An unverified block is checked whatever its type byte says: the checksum covers that byte too.
        if (stored[handle.Size] == (byte)CompressionType.None || Cache is not { } cache)
        {
            return Contents(stored, ordinal, handle, ref buffer, out location);
        }

        BlockCacheKey key = new(CacheId, handle.Offset);
        if (cache.TryGet(key, out lease))
        {
            location = BlockLocation.Lease;
            return lease.Span;
        }

        if (!fillCache)
        {
            return Contents(stored, ordinal, handle, ref buffer, out location);
        }

        bool verified = Verified.Contains(ordinal);
        location = BlockLocation.Lease;
        return IntoCache(key, ordinal, handle, stored, verifyChecksum: !verified, validate: !verified, out lease);
    }

    /// <summary>
    /// The contents of a block from its stored bytes without the cache: a raw block in place, a compressed one decoded
    /// into <paramref name="buffer"/>; checked first unless verified.
    /// </summary>
    protected ReadOnlySpan<byte> Contents(ReadOnlySpan<byte> stored, int ordinal, BlockHandle handle, scoped ref byte[]? buffer, out BlockLocation location)
    {
        bool verified = Verified.Contains(ordinal);
        CompressionType type = verified ? (CompressionType)stored[handle.Size] : BlockTrailer.Verify(stored, Path, handle.Offset);
        ReadOnlySpan<byte> contents;
        if (type == CompressionType.None)
        {
            location = BlockLocation.InPlace;
            contents = stored[..handle.Size];
        }
        else
        {
            location = BlockLocation.Buffer;
            int length = CompressedBlock.Decompress(stored[..handle.Size], ref buffer, Path, handle.Offset);
            contents = buffer.AsSpan(0, length);
        }

        if (!verified)
        {
            Validate(contents, ordinal, handle);
        }

        return contents;
    }

    /// <summary>
    /// Puts a block's contents into the cache, decoded from <paramref name="stored"/> when its type byte says compressed,
    /// else copied, in a pooled buffer the cache takes over; the span is valid until <paramref name="lease"/> is disposed.
    /// </summary>
    protected ReadOnlySpan<byte> IntoCache(BlockCacheKey key, int ordinal, BlockHandle handle, ReadOnlySpan<byte> stored, bool verifyChecksum, bool validate, out BlockLease lease)
    {
        // The checksum covers the type byte, so once it passed (here or earlier) the byte can be trusted.
        CompressionType type = verifyChecksum ? BlockTrailer.Verify(stored, Path, handle.Offset) : (CompressionType)stored[handle.Size];
        ReadOnlySpan<byte> body = stored[..handle.Size];
        int header = 0;
        int length = type == CompressionType.None ? body.Length : CompressedBlock.DecodedLength(body, Path, handle.Offset, out header);
        byte[] contents = BlockBufferPool.Shared.Rent(length);
        try
        {
            if (type == CompressionType.None)
            {
                body.CopyTo(contents);
            }
            else
            {
                CompressedBlock.DecodeTo(body, header, contents.AsSpan(0, length), Path, handle.Offset);
            }

            if (validate)
            {
                Validate(contents.AsSpan(0, length), ordinal, handle);
            }
        }
        catch
        {
            BlockBufferPool.Shared.Return(contents);
            throw;
        }

        lease = Cache!.Insert(key, contents, length);
        return lease.Span;
    }

    /// <summary>Walks a block's entries (<see cref="BlockReader.Validate"/>) and records it as checked.</summary>
    private void Validate(ReadOnlySpan<byte> contents, int ordinal, BlockHandle handle)
    {
        new BlockReader(contents, BlockKeyOrder.Internal, Path, handle.Offset).Validate();
        Verified.Add(ordinal);
    }
}
