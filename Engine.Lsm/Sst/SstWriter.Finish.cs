using System;
using Engine.Core.Compression;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>The end of a table: meta blocks, index, footer and the table's bounds.</summary>
internal sealed partial class SstWriter
{
    /// <summary>
    /// Writes the remaining blocks and the footer and hands every byte to the file; does not sync. The writer accepts
    /// nothing afterwards.
    /// </summary>
    public SstWriteResult Finish()
    {
        EnsureWritable();
        if (!_dataBlock.IsEmpty)
        {
            FlushDataBlock();
        }

        if (_pendingIndexEntry)
        {
            AddIndexEntry(LastKey, _pendingHandle);
        }

        BlockHandle? filterHandle = null;
        ulong filterSize = 0;
        if (_bloom is not null)
        {
            filterHandle = WriteFilter(_bloom);
            filterSize = (ulong)filterHandle.Value.Size + BlockTrailer.Size;
        }

        SortTombstones();
        BlockHandle? rangeDelHandle = _tombstones.Count > 0 ? WriteRangeDelBlock() : null;

        ReadOnlySpan<byte> indexContents = _indexBlock.Finish();
        TableProperties properties = new()
        {
            NumEntries = _numEntries,
            NumDeletions = _numDeletions,
            NumRangeDeletions = (ulong)_tombstones.Count,
            RawKeySize = _rawKeySize,
            RawValueSize = _rawValueSize,
            DataSize = _dataSize,
            IndexSize = (ulong)indexContents.Length + BlockTrailer.Size,
            FilterSize = filterSize,
            SmallestSequence = _smallestSequence == ulong.MaxValue ? 0 : _smallestSequence,
            LargestSequence = _largestSequence,
            FilterBitsPerKey = _bloom is null ? 0UL : (ulong)_options.BloomBitsPerKey,
            Compression = _options.Compression,
        };

        BlockHandle propertiesHandle;
        using (BlockBuilder block = new(1, BlockKeyOrder.Bytewise, 512))
        {
            properties.EncodeTo(block);
            propertiesHandle = WriteBlock(block.Finish());
        }

        BlockHandle metaIndexHandle;
        using (BlockBuilder block = new(1, BlockKeyOrder.Bytewise, 256))
        {
            // Names in bytewise order: filter.bloom < properties < rangedel.
            if (filterHandle is BlockHandle filter)
            {
                AddHandle(block, MetaBlockNames.Filter, filter);
            }

            AddHandle(block, MetaBlockNames.Properties, propertiesHandle);
            if (rangeDelHandle is BlockHandle rangeDel)
            {
                AddHandle(block, MetaBlockNames.RangeDel, rangeDel);
            }

            metaIndexHandle = WriteBlock(block.Finish());
        }

        BlockHandle indexHandle = WriteBlock(indexContents);
        Span<byte> footer = _output.GetSpan(Footer.Size);
        new Footer(metaIndexHandle, indexHandle, Footer.CurrentFormatVersion).EncodeTo(footer);
        _output.Advance(Footer.Size);
        _offset += Footer.Size;
        FlushOutput();
        _finished = true;

        ComputeBounds(out byte[] smallest, out byte[] largest);
        return new SstWriteResult
        {
            Path = _file.Path,
            FileSize = _offset,
            Smallest = smallest,
            Largest = largest,
            SmallestSequence = properties.SmallestSequence,
            LargestSequence = properties.LargestSequence,
            DataBlockCount = _dataBlockCount,
            Properties = properties,
        };
    }

    private static void AddHandle(BlockBuilder block, ReadOnlySpan<byte> name, BlockHandle handle)
    {
        Span<byte> encoded = stackalloc byte[BlockHandle.MaxEncodedLength];
        block.Add(name, encoded[..handle.EncodeTo(encoded)]);
    }

    private BlockHandle WriteFilter(Bloom.BloomFilterBuilder bloom)
    {
        int size = bloom.FilterSize(_options.BloomBitsPerKey);
        Span<byte> destination = _output.GetSpan(size + BlockTrailer.Size);
        bloom.WriteTo(_options.BloomBitsPerKey, destination);
        BlockTrailer.Write(destination[..size], CompressionType.None, destination[size..]);
        _output.Advance(size + BlockTrailer.Size);
        BlockHandle handle = new(_offset, size);
        _offset += size + BlockTrailer.Size;
        return handle;
    }

    /// <summary>Sorts tombstones by <c>start#seq</c> in internal-key order; merges two with the same start and sequence.</summary>
    private void SortTombstones()
    {
        _tombstones.Sort(static (a, b) =>
        {
            int c = a.Start.AsSpan().SequenceCompareTo(b.Start);
            return c != 0 ? c : b.Sequence.CompareTo(a.Sequence);
        });

        int kept = 0;
        for (int i = 0; i < _tombstones.Count; i++)
        {
            RangeTombstone t = _tombstones[i];
            if (kept > 0 && _tombstones[kept - 1].Sequence == t.Sequence && _tombstones[kept - 1].Start.AsSpan().SequenceEqual(t.Start))
            {
                // Same start and sequence: the union of the two ranges is the longer one.
                RangeTombstone previous = _tombstones[kept - 1];
                if (t.End.AsSpan().SequenceCompareTo(previous.End) > 0)
                {
                    _tombstones[kept - 1] = previous with { End = t.End };
                }

                continue;
            }

            _tombstones[kept++] = t;
        }

        _tombstones.RemoveRange(kept, _tombstones.Count - kept);
    }

    private BlockHandle WriteRangeDelBlock()
    {
        using BlockBuilder block = new(1, BlockKeyOrder.Internal, 1024);
        byte[] key = [];
        foreach (RangeTombstone t in _tombstones)
        {
            if (key.Length < t.Start.Length + InternalKey.TrailerSize)
            {
                key = new byte[t.Start.Length + InternalKey.TrailerSize];
            }

            int length = InternalKey.Write(key, t.Start, t.Sequence, KeyKind.RangeDelete);
            block.Add(key.AsSpan(0, length), t.End);
        }

        return WriteBlock(block.Finish());
    }

    /// <summary>
    /// The table's bounds over point entries and tombstones. A tombstone <c>[a, b)#s</c> contributes <c>a#s,RANGEDEL</c>
    /// below and the sentinel <c>b#MAX,RANGEDEL</c> above, which sorts before every real entry of <c>b</c>.
    /// </summary>
    private void ComputeBounds(out byte[] smallest, out byte[] largest)
    {
        smallest = _firstKey ?? [];
        largest = _firstKey is null ? [] : LastKey.ToArray();
        if (_tombstones.Count == 0)
        {
            return;
        }

        RangeTombstone first = _tombstones[0];
        byte[] start = new byte[first.Start.Length + InternalKey.TrailerSize];
        InternalKey.Write(start, first.Start, first.Sequence, KeyKind.RangeDelete);
        if (smallest.Length == 0 || InternalKey.Compare(start, smallest) < 0)
        {
            smallest = start;
        }

        byte[] maxEnd = first.End;
        foreach (RangeTombstone t in _tombstones)
        {
            if (t.End.AsSpan().SequenceCompareTo(maxEnd) > 0)
            {
                maxEnd = t.End;
            }
        }

        byte[] sentinel = new byte[maxEnd.Length + InternalKey.TrailerSize];
        InternalKey.Write(sentinel, maxEnd, SequenceNumber.Max, KeyKind.RangeDelete);
        if (largest.Length == 0 || InternalKey.Compare(sentinel, largest) > 0)
        {
            largest = sentinel;
        }
    }
}
