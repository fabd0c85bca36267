using System;
using System.Collections.Generic;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Bloom;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>Opening a table: footer, meta blocks, range tombstones and the index, all verified before first use.</summary>
internal sealed partial class SstReader
{
    private SstReader(IMappedFile file, BlockCache? blockCache, ulong cacheId, IReadableFile? positional)
    {
        _file = file;
        string path = file.Path;
        long length = file.Length;
        if (length < Footer.Size)
        {
            ThrowHelper.ThrowCorruption(path, 0, $"file of {length} bytes is too short for a table footer");
        }

        long footerOffset = length - Footer.Size;
        Footer footer = Footer.Decode(file.GetSpan(footerOffset, Footer.Size), path, footerOffset);

        BlockHandle? filter = null;
        BlockHandle? rangeDel = null;
        BlockHandle? properties = null;
        BlockReader meta = VerifiedBlock(footer.MetaIndexHandle, BlockKeyOrder.Bytewise);
        BlockCursor cursor = default;
        for (cursor.First(meta); cursor.Valid; cursor.Next(meta))
        {
            ReadOnlySpan<byte> name = cursor.Key(meta);
            if (name.SequenceEqual(MetaBlockNames.Filter))
            {
                filter = MetaHandle(meta, cursor, footerOffset);
            }
            else if (name.SequenceEqual(MetaBlockNames.Properties))
            {
                properties = MetaHandle(meta, cursor, footerOffset);
            }
            else if (name.SequenceEqual(MetaBlockNames.RangeDel))
            {
                rangeDel = MetaHandle(meta, cursor, footerOffset);
            }
        }

        if (properties is not BlockHandle propertiesHandle)
        {
            ThrowHelper.ThrowCorruption(path, footer.MetaIndexHandle.Offset, "metaindex has no properties block");
            return;
        }

        _properties = TableProperties.Decode(VerifiedBlock(propertiesHandle, BlockKeyOrder.Bytewise));

        if (filter is BlockHandle filterHandle)
        {
            BlockTrailer.VerifyUncompressed(file.GetSpan(filterHandle.Offset, filterHandle.Size + BlockTrailer.Size), path, filterHandle.Offset);
            _ = new BloomFilterReader(file.GetSpan(filterHandle.Offset, filterHandle.Size), path, filterHandle.Offset);
            _filterHandle = filterHandle;
            _hasFilter = true;
        }

        _rangeTombstones = rangeDel is BlockHandle rangeDelHandle ? LoadRangeTombstones(rangeDelHandle) : [];
        if ((ulong)_rangeTombstones.Length != _properties.NumRangeDeletions)
        {
            ThrowHelper.ThrowCorruption(path, propertiesHandle.Offset,
                $"properties count {_properties.NumRangeDeletions} range tombstones, the range-del block holds {_rangeTombstones.Length}");
        }

        // Data blocks come first: they end before the first meta block.
        long dataLimit = Math.Min(footer.MetaIndexHandle.Offset, Math.Min(footer.IndexHandle.Offset, propertiesHandle.Offset));
        dataLimit = Math.Min(dataLimit, filter?.Offset ?? long.MaxValue);
        dataLimit = Math.Min(dataLimit, rangeDel?.Offset ?? long.MaxValue);

        _indexHandle = footer.IndexHandle;
        _dataBlockCount = ValidateIndex(VerifiedBlock(footer.IndexHandle, BlockKeyOrder.Internal), dataLimit);
        VerifiedBlocks verified = new(_dataBlockCount);

        // Last, so that a failed open leaves the files to Open's cleanup. Raw blocks go through the cache too: read in
        // place, every mapped page a read touches stays resident, so the process's memory would grow with the data read
        // rather than with the cache's budget. Without a cache a positional read would be repeated on every use of a
        // block, so the mapping serves.
        if (blockCache is not null && positional is not null)
        {
            _blocks = new PositionalBlockSource(positional, verified, blockCache, cacheId);
            return;
        }

        positional?.Dispose();
        _blocks = blockCache is null
            ? new MappedBlockSource(file, verified)
            : new CachedDecodedBlockSource(file, verified, blockCache, cacheId);
    }

    /// <summary>Checks a block's trailer and structure (<see cref="BlockReader.Validate"/>) and returns a reader over it.</summary>
    private BlockReader VerifiedBlock(BlockHandle handle, BlockKeyOrder order)
    {
        BlockTrailer.VerifyUncompressed(_file.GetSpan(handle.Offset, handle.Size + BlockTrailer.Size), _file.Path, handle.Offset);
        BlockReader block = new(_file.GetSpan(handle.Offset, handle.Size), order, _file.Path, handle.Offset);
        block.Validate();
        return block;
    }

    private static BlockHandle MetaHandle(scoped in BlockReader meta, in BlockCursor cursor, long footerOffset)
    {
        ReadOnlySpan<byte> value = cursor.Value(meta);
        if (!BlockHandle.TryDecode(value, out BlockHandle handle, out int read) || read != value.Length || !handle.FitsBefore(footerOffset))
        {
            ThrowHelper.ThrowCorruption(meta.Path, meta.BlockOffset, "malformed meta block handle");
        }

        return handle;
    }

    private RangeTombstone[] LoadRangeTombstones(BlockHandle handle)
    {
        BlockReader block = VerifiedBlock(handle, BlockKeyOrder.Internal);
        List<RangeTombstone> tombstones = [];
        BlockCursor cursor = default;
        for (cursor.First(block); cursor.Valid; cursor.Next(block))
        {
            ReadOnlySpan<byte> key = cursor.Key(block);
            ReadOnlySpan<byte> end = cursor.Value(block);
            ulong trailer = InternalKey.Trailer(key);
            ReadOnlySpan<byte> start = InternalKey.UserKey(key);
            if (SequenceNumber.KindOf(trailer) != KeyKind.RangeDelete || start.SequenceCompareTo(end) >= 0)
            {
                ThrowHelper.ThrowCorruption(_file.Path, handle.Offset, "malformed range tombstone");
            }

            tombstones.Add(new RangeTombstone(start.ToArray(), end.ToArray(), SequenceNumber.SequenceOf(trailer)));
        }

        return tombstones.ToArray();
    }

    /// <summary>
    /// Checks every index entry once, so that lookups can trust the index: each entry is a restart point (its ordinal is
    /// its restart index), keys strictly increase, and the handles are well formed, contiguous from offset 0 and end
    /// before <paramref name="dataLimit"/>. Returns the number of data blocks.
    /// </summary>
    private int ValidateIndex(scoped in BlockReader index, long dataLimit)
    {
        long expectedOffset = 0;
        int ordinal = 0;
        ReadOnlySpan<byte> previousKey = default;
        BlockCursor cursor = default;
        for (cursor.First(index); cursor.Valid; cursor.Next(index))
        {
            if (ordinal >= index.RestartCount || index.RestartOffset(ordinal) != cursor.EntryOffset)
            {
                ThrowHelper.ThrowCorruption(index.Path, index.BlockOffset, $"index entry {ordinal} is not a restart point");
            }

            ReadOnlySpan<byte> key = cursor.Key(index);
            if (ordinal > 0 && InternalKey.Compare(previousKey, key) >= 0)
            {
                ThrowHelper.ThrowCorruption(index.Path, index.BlockOffset, $"index entry {ordinal} is out of order");
            }

            ReadOnlySpan<byte> value = cursor.Value(index);
            if (!BlockHandle.TryDecode(value, out BlockHandle handle, out int read) || read != value.Length
                || handle.Offset != expectedOffset || !handle.FitsBefore(dataLimit))
            {
                ThrowHelper.ThrowCorruption(index.Path, index.BlockOffset, $"index entry {ordinal} has a bad data block handle");
            }

            expectedOffset = handle.End;
            previousKey = key;
            ordinal++;
        }

        if (ordinal != index.RestartCount || (ulong)expectedOffset != _properties.DataSize)
        {
            ThrowHelper.ThrowCorruption(index.Path, index.BlockOffset, "index does not cover the data blocks");
        }

        return ordinal;
    }
}
