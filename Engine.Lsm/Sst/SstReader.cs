using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engine.Api;
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
/// checks its checksum and structure and records that in the table's <see cref="VerifiedBlocks"/>, so a hot block is
/// hashed once per open table. Any failed check is a <see cref="CorruptionException"/> naming the file and the block's
/// offset: at open for the meta and index blocks, on the read that touches a bad data block.
/// </para>
/// <para>
/// Data blocks come from one <see cref="BlockSource"/> chosen at open: <see cref="MappedBlockSource"/> without a block
/// cache (raw blocks in place in the mapping, compressed ones decoded into the caller's buffer: the iterator's own,
/// reused across blocks, or for <see cref="TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/>
/// a per-thread one); <see cref="CachedDecodedBlockSource"/> with one (compressed blocks decoded from the mapping into
/// the cache under (<see cref="CacheId"/>, offset) and read under a <see cref="BlockLease"/>) when there is no positional
/// file; and <see cref="PositionalBlockSource"/> for a table with a cache and a positional file (every data block, raw
/// or compressed, through the cache, a miss read by one positional read, never through the mapping). A compaction's iterator reads
/// through its own <see cref="ReadaheadBlockSource"/>. The index, filter and meta blocks are always read in place.
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
#pragma warning restore IDE1006

    private readonly IMappedFile _file;
    private readonly BlockSource _blocks;
    private readonly BlockHandle _indexHandle;
    private readonly BlockHandle _filterHandle;
    private readonly bool _hasFilter;
    private readonly RangeTombstone[] _rangeTombstones;
    private readonly TableProperties _properties;
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
    public ulong CacheId => _blocks.CacheId;

    /// <summary>The block cache that decoded blocks go through, if any.</summary>
    public BlockCache? BlockCache => _blocks.Cache;

    /// <summary>Where the data blocks come from, chosen at open; a compaction's iterator wraps it in its own.</summary>
    internal BlockSource Blocks => _blocks;

    /// <summary>The mapping; internal to the table's iterators.</summary>
    internal IMappedFile File => _file;

    /// <summary>
    /// Opens the table mapped by <paramref name="file"/>, taking ownership of it: the mapping is disposed with the
    /// reader, or at once if the open fails. Compressed blocks are decoded through <paramref name="blockCache"/>, when
    /// given, under the key <paramref name="cacheId"/> (the table's file number, unique among the tables sharing the
    /// cache).
    /// </summary>
    /// <exception cref="CorruptionException">The footer or a meta or index block fails its checks.</exception>
    /// <exception cref="UnsupportedFormatVersionException">A newer format version.</exception>
    /// <remarks>
    /// With <paramref name="positional"/> (the same file opened for positional reads; the reader takes ownership) and a
    /// block cache, cached lookups and iterators read data blocks, raw or compressed, with positional reads on a miss
    /// instead of through the mapping (see <see cref="Options.LsmOptions.PositionalDataReads"/>); index, filter and meta
    /// blocks stay mapped.
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
            _blocks.Dispose();
        }
    }

    /// <summary>A reader over the index block, verified at open.</summary>
    internal BlockReader IndexReader() =>
        new(_file.GetSpan(_indexHandle.Offset, _indexHandle.Size), BlockKeyOrder.Internal, _file.Path, _indexHandle.Offset);

    /// <summary>A reader over the contents of a data block, from the mapping or decoded, for errors naming the block.</summary>
    internal BlockReader DataReader(ReadOnlySpan<byte> contents, BlockHandle handle) =>
        new(contents, BlockKeyOrder.Internal, _file.Path, handle.Offset);

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
    /// The contents of data block <paramref name="ordinal"/> from the table's <see cref="Blocks"/>; see
    /// <see cref="BlockSource.Read"/> for where they live and how long. The caller disposes <paramref name="lease"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> DataBlock(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location) =>
        _blocks.Read(ordinal, handle, ref buffer, fillCache, out lease, out location);

    private BloomFilterReader Filter() =>
        new(_file.GetSpan(_filterHandle.Offset, _filterHandle.Size), _file.Path, _filterHandle.Offset);
}
