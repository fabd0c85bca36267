using System;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Cache;

namespace Engine.Lsm.Sst;

/// <summary>
/// The data blocks of a table opened with a block cache and positional reads
/// (<see cref="Options.LsmOptions.PositionalDataReads"/>), whether written with compression or not: every block, raw or
/// compressed, comes from the cache, and a miss reads it with one positional read instead of through the mapping, so the
/// table's mapped data pages never become resident; the index, filter and meta blocks stay mapped.
/// </summary>
/// <remarks>
/// A miss that fills the cache inserts the block's contents, decoded or copied; one that must not fill it decodes or
/// copies them into the caller's buffer. Stored bytes pass through a per-thread scratch buffer, so a lookup allocates
/// nothing in steady state. Thread-safe: positional reads do not move a cursor. Owns the positional file.
/// </remarks>
internal sealed class PositionalBlockSource : BlockSource
{
    // IDE1006: thread-statics take the t_ prefix (house style 4); the editorconfig rule cannot tell them from statics.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static byte[]? t_readScratch;
#pragma warning restore IDE1006

    /// <summary>The first window of a scan's readahead: a few blocks, so a scan that stops soon reads little more.</summary>
    public const int SequentialFirstWindowBytes = 16 << 10;

    private readonly IReadableFile _file;

    /// <param name="file">The table opened for positional reads; owned.</param>
    /// <param name="verified">The table's checked blocks.</param>
    /// <param name="cache">The block cache every block goes through.</param>
    /// <param name="cacheId">The table's identity in <paramref name="cache"/>.</param>
    public PositionalBlockSource(IReadableFile file, VerifiedBlocks verified, BlockCache cache, ulong cacheId)
        : base(file.Path, verified, cache, cacheId)
    {
        _file = file;
    }

    public override ReadOnlySpan<byte> Read(int ordinal, BlockHandle handle, scoped ref byte[]? buffer, bool fillCache, out BlockLease lease, out BlockLocation location)
    {
        BlockCacheKey key = new(CacheId, handle.Offset);
        if (Cache!.TryGet(key, out lease))
        {
            location = BlockLocation.Lease;
            return lease.Span;
        }

        ReadOnlySpan<byte> stored = ReadStored(handle);
        if (fillCache)
        {
            bool verified = Verified.Contains(ordinal);
            location = BlockLocation.Lease;
            return IntoCache(key, ordinal, handle, stored, verifyChecksum: !verified, validate: !verified, out lease);
        }

        // The scratch is reused by this thread's next read, so a raw block moves to the caller's buffer.
        ReadOnlySpan<byte> contents = Contents(stored, ordinal, handle, ref buffer, out location);
        if (location == BlockLocation.InPlace)
        {
            if (buffer is null || buffer.Length < contents.Length)
            {
                buffer = new byte[Math.Max(contents.Length, (buffer?.Length ?? 0) * 2)];
            }

            contents.CopyTo(buffer);
            location = BlockLocation.Buffer;
            contents = buffer.AsSpan(0, contents.Length);
        }

        return contents;
    }

    /// <summary>
    /// A readahead source over the same file: a scan's window starts at <see cref="SequentialFirstWindowBytes"/> and
    /// doubles up to <see cref="ReadaheadReader.DefaultWindowBytes"/>.
    /// </summary>
    public override BlockSource ForSequentialReads() =>
        new SequentialBlockSource(this, new ReadaheadReader(_file, ReadaheadReader.DefaultWindowBytes, SequentialFirstWindowBytes, ownsFile: false));

    /// <summary>Never called: no read of this source returns <see cref="BlockLocation.InPlace"/>.</summary>
    public override ReadOnlySpan<byte> InPlace(BlockHandle handle) =>
        throw new InvalidOperationException("A positional block source keeps no block in place.");

    protected override void ReleaseOwned() => _file.Dispose();

    /// <summary>The block and its trailer, read with one positional read into this thread's scratch.</summary>
    private ReadOnlySpan<byte> ReadStored(BlockHandle handle)
    {
        int storedLength = handle.Size + BlockTrailer.Size;
        byte[] scratch = t_readScratch is { } reused && reused.Length >= storedLength ? reused : new byte[Math.Max(storedLength, 8192)];
        t_readScratch = scratch;
        if (_file.Read(handle.Offset, scratch.AsSpan(0, storedLength)) < storedLength)
        {
            ThrowHelper.ThrowCorruption(Path, handle.Offset, "the file ends inside a data block");
        }

        return scratch.AsSpan(0, storedLength);
    }
}
