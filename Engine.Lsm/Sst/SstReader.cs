using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engine.Api;
using Engine.Core.Compression;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Bloom;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// Reads one SSTable through a read-only memory mapping: point lookups (<see cref="TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/>), iterators
/// (<see cref="NewIterator"/>), its range tombstones and properties.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Open"/> verifies the footer and the checksums of the metaindex, properties, filter, range-del and index
/// blocks, validates the index entry by entry (every data block handle in order, contiguous and inside the data
/// region) and loads the range tombstones into memory. Data blocks are verified lazily: the first read of a block
/// checks its checksum and structure and records that in a bitmap (set with <see cref="Interlocked.Or(ref ulong, ulong)"/>),
/// so a hot block is hashed once per open table. Any failed check is a <see cref="CorruptionException"/> naming the
/// file and the block's offset: at open for the meta and index blocks, on the read that touches a bad data block.
/// </para>
/// <para>
/// A data block stored raw is read in place, through the mapping. A compressed one (<see cref="CompressedBlock"/>) is
/// checked against its stored bytes and then decoded. With a <see cref="BlockCache"/> the decoded block is looked up
/// first by (<see cref="CacheId"/>, offset), and a miss decodes into a pooled buffer that becomes the cached copy; the
/// caller holds a <see cref="BlockLease"/> on it while it reads. Without one (or for a compaction's reads, which
/// should not displace the blocks readers keep hitting) it is decoded into a buffer the caller owns: the iterator's
/// own, reused across blocks, or for <see cref="TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/> a per-thread one. Decoding is deterministic, so the restart
/// array of a decoded block is validated once, like a raw block's, and the bitmap covers both; a cached block was
/// validated by the reader that inserted it.
/// </para>
/// <para>
/// An <see cref="SstReader"/> may be shared across threads: after open its state is immutable except the verification
/// bitmap and the filter counters, both updated atomically. Each iterator belongs to one thread. The reader owns the
/// mapping and disposes it; spans it returns point into the mapping, so the owner (the table cache) must keep the
/// reader open until every reader of those spans and every iterator is done.
/// </para>
/// </remarks>
internal sealed partial class SstReader : IDisposable
{
    // IDE1006: thread-statics take the t_ prefix (house style 4); the editorconfig rule cannot tell them from statics.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static byte[]? t_keyScratch;

    [ThreadStatic]
    private static byte[]? t_blockScratch;

    [ThreadStatic]
    private static byte[]? t_readScratch;
#pragma warning restore IDE1006

    private readonly IMappedFile _file;
    private readonly IReadableFile? _positional;
    private readonly BlockCache? _blockCache;
    private readonly ulong _cacheId;
    private readonly BlockHandle _indexHandle;
    private readonly BlockHandle _filterHandle;
    private readonly bool _hasFilter;
    private readonly RangeTombstone[] _rangeTombstones;
    private readonly TableProperties _properties;
    private readonly ulong[] _verifiedBlocks;
    private readonly int _dataBlockCount;
    private long _bloomChecks;
    private long _bloomNegatives;
    private long _bloomFalsePositives;
    private int _disposed;

    /// <summary>The path of the table.</summary>
    public string Path => _file.Path;

    /// <summary>The size of the table in bytes.</summary>
    public long FileSize => _file.Length;

    /// <summary>The table's properties.</summary>
    public TableProperties Properties => _properties;

    /// <summary>The table's range tombstones, in internal-key order of their starts.</summary>
    public IReadOnlyList<RangeTombstone> RangeTombstones => _rangeTombstones;

    /// <summary>True when the table has a bloom filter.</summary>
    public bool HasFilter => _hasFilter;

    /// <summary>The number of data blocks.</summary>
    public int DataBlockCount => _dataBlockCount;

    /// <summary>Lookups (<see cref="TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/>) that consulted the filter.</summary>
    public long BloomChecks => Volatile.Read(ref _bloomChecks);

    /// <summary>Lookups the filter answered alone ("certainly absent"): the useful filter outcomes.</summary>
    public long BloomNegatives => Volatile.Read(ref _bloomNegatives);

    /// <summary>
    /// Lookups the filter let through that then found no entry for the key at their snapshot: false positives, plus the
    /// rare lookup of a key whose only versions are newer than its snapshot.
    /// </summary>
    public long BloomFalsePositives => Volatile.Read(ref _bloomFalsePositives);

    /// <summary>The table's identity in the block cache: its file number.</summary>
    public ulong CacheId => _cacheId;

    /// <summary>The block cache that decoded blocks go through, if any.</summary>
    public BlockCache? BlockCache => _blockCache;

    /// <summary>The mapping; internal to the table's iterators.</summary>
    internal IMappedFile File => _file;

    /// <summary>
    /// Opens the table mapped by <paramref name="file"/>, taking ownership of it: the mapping is disposed with the
    /// reader, or at once if the open fails. Compressed blocks are decoded through <paramref name="blockCache"/>, when
    /// given, under the key <paramref name="cacheId"/> (the table's file number, unique among the tables sharing the
    /// cache).
    /// </summary>
    /// <exception cref="CorruptionException">The footer or a meta or index block fails its checks.</exception>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.FailedPrecondition"/>: a newer format version.</exception>
    /// <remarks>
    /// With <paramref name="positional"/> (the same file opened for positional reads; the reader takes ownership), a
    /// block cache and a table written with compression, cached lookups and iterators read data blocks with positional
    /// reads on a miss instead of through the mapping (see <see cref="Options.LsmOptions.PositionalDataReads"/>); index,
    /// filter and meta blocks stay mapped, and so do the blocks of a table written without compression.
    /// </remarks>
    public static SstReader Open(IMappedFile file, BlockCache? blockCache = null, ulong cacheId = 0, IReadableFile? positional = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return new SstReader(file, blockCache, cacheId, positional);
        }
        catch
        {
            file.Dispose();
            positional?.Dispose();
            throw;
        }
    }

    /// <summary>True unless the filter rules <paramref name="userKey"/> out; true when there is no filter. Not counted.</summary>
    public bool MayContain(ReadOnlySpan<byte> userKey) => !_hasFilter || Filter().MayContain(userKey);

    /// <summary>A new iterator over the table's point entries (not its range tombstones).</summary>
    public SstIterator NewIterator() => new(this);

    /// <summary>Disposes the mapping; nothing may use the reader, its iterators or spans from it afterwards.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _file.Dispose();
            _positional?.Dispose();
        }
    }

    /// <summary>A reader over the index block, verified at open.</summary>
    internal BlockReader IndexReader() =>
        new(_file.GetSpan(_indexHandle.Offset, _indexHandle.Size), BlockKeyOrder.Internal, _file.Path, _indexHandle.Offset);

    /// <summary>A reader over the contents of a data block, from the mapping or decoded, for errors naming the block.</summary>
    internal BlockReader DataReader(ReadOnlySpan<byte> contents, BlockHandle handle) =>
        new(contents, BlockKeyOrder.Internal, _file.Path, handle.Offset);

    /// <summary>A reader over a raw data block, in place in the mapping; <see cref="DataBlock"/> has verified it.</summary>
    internal BlockReader RawDataReader(BlockHandle handle) => DataReader(_file.GetSpan(handle.Offset, handle.Size), handle);

    /// <summary>The handle in the index entry under <paramref name="cursor"/>, validated at open.</summary>
    internal static BlockHandle DataHandle(scoped in BlockReader index, in BlockCursor cursor)
    {
        if (!BlockHandle.TryDecode(cursor.Value(index), out BlockHandle handle, out _))
        {
            ThrowHelper.ThrowCorruption(index.Path, index.BlockOffset, "malformed data block handle");
        }

        return handle;
    }

    /// <summary>
    /// The contents of data block <paramref name="ordinal"/>, verified on its first use by this reader. A raw block is
    /// returned in place (<paramref name="decompressed"/> false). A compressed one comes from the block cache, or is
    /// decoded into it when <paramref name="fillCache"/> is set, and <paramref name="lease"/> pins it: the span is valid
    /// until the lease is disposed. Without a cache, or on a miss that is not to fill it, it is decoded into
    /// <paramref name="buffer"/>, grown as needed, and the span points into it. The caller disposes
    /// <paramref name="lease"/> (inactive unless the cache served the block).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> DataBlock(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out bool decompressed)
    {
        if (_positional is not null && fillCache && _blockCache is { } cache)
        {
            decompressed = true;
            return CachedDataBlock(cache, ordinal, handle, out lease);
        }

        return DataBlockFrom(_file.GetSpan(handle.Offset, handle.Size + BlockTrailer.Size), ordinal, handle, ref buffer, fillCache, out lease, out decompressed);
    }

    /// <summary>
    /// A data block through the cache for a reader with positional reads: a miss reads the block with one positional
    /// read (not through the mapping, so the mapped data pages never become resident), checks it on this reader's first
    /// use, and inserts its contents, decoded or copied, into the cache. The span is valid until the lease is disposed.
    /// </summary>
    private ReadOnlySpan<byte> CachedDataBlock(BlockCache cache, int ordinal, BlockHandle handle, out BlockLease lease)
    {
        BlockCacheKey key = new(_cacheId, handle.Offset);
        if (cache.TryGet(key, out lease))
        {
            return lease.Span;
        }

        int storedLength = handle.Size + BlockTrailer.Size;
        byte[] scratch = t_readScratch is { } reused && reused.Length >= storedLength ? reused : new byte[Math.Max(storedLength, 8192)];
        t_readScratch = scratch;
        ReadOnlySpan<byte> stored = scratch.AsSpan(0, storedLength);
        if (_positional!.Read(handle.Offset, scratch.AsSpan(0, storedLength)) < storedLength)
        {
            ThrowHelper.ThrowCorruption(_file.Path, handle.Offset, "the file ends inside a data block");
        }

        bool verified = (Volatile.Read(ref _verifiedBlocks[ordinal >> 6]) & (1UL << (ordinal & 63))) != 0;
        CompressionType type = verified ? (CompressionType)stored[handle.Size] : BlockTrailer.Verify(stored, _file.Path, handle.Offset);
        if (type != CompressionType.None)
        {
            return DecodeIntoCache(cache, key, ordinal, handle, stored, verified: true, out lease, validate: !verified);
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(handle.Size);
        try
        {
            stored[..handle.Size].CopyTo(copy);
            if (!verified)
            {
                DataReader(copy.AsSpan(0, handle.Size), handle).Validate();
                MarkVerified(ordinal);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(copy);
            throw;
        }

        lease = cache.Insert(key, copy, handle.Size);
        return lease.Span;
    }

    /// <summary>
    /// <see cref="DataBlock(int, BlockHandle, ref byte[], bool, out BlockLease, out bool)"/> over <paramref name="stored"/>,
    /// the block and its trailer as read from the file by other means than the mapping (a compaction's
    /// <see cref="ReadaheadReader"/>); a raw block's contents are then returned in place in <paramref name="stored"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> DataBlockFrom(ReadOnlySpan<byte> stored, int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out bool decompressed)
    {
        lease = default;
        bool verified = (Volatile.Read(ref _verifiedBlocks[ordinal >> 6]) & (1UL << (ordinal & 63))) != 0;
        decompressed = stored[handle.Size] != (byte)CompressionType.None;
        if (!decompressed)
        {
            // An unverified block is checked whatever its type byte says: the checksum covers that byte too.
            return verified ? stored[..handle.Size] : VerifyDataBlock(ordinal, handle, stored, ref buffer, out decompressed);
        }

        if (_blockCache is { } cache)
        {
            // A cached block was verified and validated by the reader that decoded it, in this or an earlier open.
            BlockCacheKey key = new(_cacheId, handle.Offset);
            if (cache.TryGet(key, out lease))
            {
                return lease.Span;
            }

            if (fillCache)
            {
                return DecodeIntoCache(cache, key, ordinal, handle, stored, verified, out lease);
            }
        }

        return verified ? Decompress(handle, stored, ref buffer) : VerifyDataBlock(ordinal, handle, stored, ref buffer, out decompressed);
    }

    private ReadOnlySpan<byte> VerifyDataBlock(int ordinal, BlockHandle handle, ReadOnlySpan<byte> stored, scoped ref byte[]? buffer, out bool decompressed)
    {
        CompressionType type = BlockTrailer.Verify(stored, _file.Path, handle.Offset);
        decompressed = type != CompressionType.None;
        ReadOnlySpan<byte> contents = decompressed ? Decompress(handle, stored, ref buffer) : stored[..handle.Size];
        DataReader(contents, handle).Validate();
        MarkVerified(ordinal);
        return contents;
    }

    /// <summary>
    /// Decodes a compressed block, checked first unless verified, into a pooled buffer handed to the cache.
    /// <paramref name="validate"/> (by default: when the checksum is checked here, <paramref name="verified"/> false)
    /// walks the decoded block's entries and marks it verified.
    /// </summary>
    private ReadOnlySpan<byte> DecodeIntoCache(BlockCache cache, BlockCacheKey key, int ordinal, BlockHandle handle, ReadOnlySpan<byte> stored, bool verified, out BlockLease lease, bool? validate = null)
    {
        if (!verified)
        {
            // The type byte said compressed and the checksum covers it, so a block that passes is compressed.
            _ = BlockTrailer.Verify(stored, _file.Path, handle.Offset);
        }

        bool walk = validate ?? !verified;

        ReadOnlySpan<byte> body = stored[..handle.Size];
        int length = CompressedBlock.DecodedLength(body, _file.Path, handle.Offset, out int header);
        byte[] decoded = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            CompressedBlock.DecodeTo(body, header, decoded.AsSpan(0, length), _file.Path, handle.Offset);
            if (walk)
            {
                DataReader(decoded.AsSpan(0, length), handle).Validate();
                MarkVerified(ordinal);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(decoded);
            throw;
        }

        lease = cache.Insert(key, decoded, length);
        return lease.Span;
    }

    private void MarkVerified(int ordinal) => Interlocked.Or(ref _verifiedBlocks[ordinal >> 6], 1UL << (ordinal & 63));

    private ReadOnlySpan<byte> Decompress(BlockHandle handle, ReadOnlySpan<byte> stored, scoped ref byte[]? buffer)
    {
        int length = CompressedBlock.Decompress(stored[..handle.Size], ref buffer, _file.Path, handle.Offset);
        return buffer.AsSpan(0, length);
    }

    private BloomFilterReader Filter() =>
        new(_file.GetSpan(_filterHandle.Offset, _filterHandle.Size), _file.Path, _filterHandle.Offset);
}
