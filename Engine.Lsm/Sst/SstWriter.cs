using System;
using System.Collections.Generic;
using Engine.Core.Buffers;
using Engine.Core.Compression;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Bloom;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>
/// Streams one SSTable (layout in <c>docs/format/sstable.md</c>) to an <see cref="IWritableFile"/>: point entries in
/// internal-key order through <see cref="Add"/>, range tombstones in any order through <see cref="AddRangeTombstone"/>,
/// then <see cref="Finish"/> writes the filter, range-del, properties, metaindex and index blocks and the footer.
/// </summary>
/// <remarks>
/// <para>
/// Blocks accumulate, with their trailers, in one pooled buffer that goes to the file in appends of at least
/// <see cref="FlushThresholdBytes"/>, so the file sees a few large writes. A data block is cut once its contents reach
/// the target block size. Its index entry waits for the next block's first key so that it can be a short separator
/// (<see cref="IndexSeparator"/>); the last block's index key is its last key. The bloom filter covers the user keys of
/// the point entries, each once (a run of versions of one key adds one hash). With <see cref="SstWriterOptions.Compression"/>
/// set to LZ4, each data block is compressed in place in the output buffer and kept compressed only when that saves an
/// eighth of it (<see cref="CompressedBlock"/>); meta and index blocks are always stored raw, so opening a table and
/// searching its index never decompress.
/// </para>
/// <para>
/// The writer does not own the file: <see cref="Finish"/> does not sync it and <see cref="Dispose"/> does not close it.
/// A writer that fails or is disposed before <see cref="Finish"/> leaves a partial file for the caller to delete.
/// One owner; not thread-safe.
/// </para>
/// </remarks>
internal sealed partial class SstWriter : IDisposable
{
    /// <summary>Buffered bytes at which the writer appends to the file.</summary>
    public const int FlushThresholdBytes = 256 << 10;

    private readonly IWritableFile _file;
    private readonly SstWriterOptions _options;
    private readonly BlockBuilder _dataBlock;
    private readonly BlockBuilder _indexBlock;
    private readonly BloomFilterBuilder? _bloom;
    private readonly BloomBuilderPool? _bloomBuilders;
    private readonly PooledBufferWriter _output = new(FlushThresholdBytes + (64 << 10));
    private readonly List<RangeTombstone> _tombstones = [];

    private long _offset;
    private byte[] _lastKey = new byte[64];
    private int _lastKeyLength;
    private byte[]? _firstKey;
    private bool _pendingIndexEntry;
    private BlockHandle _pendingHandle;
    private byte[] _separator = new byte[64];
    private bool _finished;
    private bool _disposed;

    private ulong _numEntries;
    private ulong _numDeletions;
    private ulong _rawKeySize;
    private ulong _rawValueSize;
    private ulong _dataSize;
    private int _dataBlockCount;
    private ulong _smallestSequence = ulong.MaxValue;
    private ulong _largestSequence;

    /// <param name="file">The empty file to write.</param>
    /// <param name="options">The table settings.</param>
    /// <param name="bloomBuilders">Where the filter's builder comes from and goes back to on <see cref="Dispose"/>; null
    /// for a builder of the writer's own.</param>
    public SstWriter(IWritableFile file, SstWriterOptions options, BloomBuilderPool? bloomBuilders = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (file.Length != 0)
        {
            ThrowHelper.ThrowInvalidArgument($"An SSTable must be written to an empty file; '{file.Path}' has {file.Length} bytes.");
        }

        _file = file;
        _options = options;
        _dataBlock = new BlockBuilder(options.BlockRestartInterval, BlockKeyOrder.Internal, options.BlockSizeBytes + 1024);
        _indexBlock = new BlockBuilder(1, BlockKeyOrder.Internal);
        _bloomBuilders = bloomBuilders;
        _bloom = options.BloomBitsPerKey <= 0 ? null : bloomBuilders?.Get() ?? new BloomFilterBuilder();
    }

    /// <summary>The path of the file being written.</summary>
    public string Path => _file.Path;

    /// <summary>Bytes produced so far (written or buffered): roughly the size of the table if it were finished now.</summary>
    public long EstimatedSize => _offset + _dataBlock.CurrentSizeEstimate;

    /// <summary>Point entries added so far.</summary>
    public ulong EntryCount => _numEntries;

    /// <summary>
    /// Adds a point entry (kind <see cref="KeyKind.Set"/> or <see cref="KeyKind.Delete"/>); its internal key must sort
    /// after the previous one.
    /// </summary>
    public void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
    {
        EnsureWritable();
        if (internalKey.Length < InternalKey.TrailerSize)
        {
            ThrowHelper.ThrowInvalidArgument($"An internal key of {internalKey.Length} bytes is shorter than its trailer.");
        }

        ulong trailer = InternalKey.Trailer(internalKey);
        KeyKind kind = SequenceNumber.KindOf(trailer);
        if (kind is not (KeyKind.Set or KeyKind.Delete))
        {
            ThrowHelper.ThrowInvalidArgument($"A table's point entries are sets or deletes, not kind {(byte)kind}.");
        }

        ReadOnlySpan<byte> userKey = InternalKey.UserKey(internalKey);
        bool first = _firstKey is null;
        if (!first)
        {
            ReadOnlySpan<byte> lastKey = LastKey;
            if (InternalKey.Compare(lastKey, internalKey) >= 0)
            {
                ThrowHelper.ThrowInvalidArgument("Table entries must be added in strictly increasing internal-key order.");
            }

            if (_pendingIndexEntry)
            {
                AddIndexEntry(IndexKey(lastKey, internalKey), _pendingHandle);
            }
        }

        if (_bloom is not null && (first || !InternalKey.UserKey(LastKey).SequenceEqual(userKey)))
        {
            _bloom.AddKey(userKey);
        }

        _dataBlock.Add(internalKey, value);
        RememberLastKey(internalKey);
        _firstKey ??= internalKey.ToArray();
        _numEntries++;
        _numDeletions += kind == KeyKind.Delete ? 1UL : 0UL;
        _rawKeySize += (ulong)internalKey.Length;
        _rawValueSize += (ulong)value.Length;
        NoteSequence(SequenceNumber.SequenceOf(trailer));

        if (_dataBlock.CurrentSizeEstimate >= _options.BlockSizeBytes)
        {
            FlushDataBlock();
        }
    }

    /// <summary>
    /// Adds the range tombstone <c>[start, endExclusive)#sequence</c>; tombstones may come in any order. An empty range
    /// deletes nothing and is dropped.
    /// </summary>
    public void AddRangeTombstone(ReadOnlySpan<byte> start, ReadOnlySpan<byte> endExclusive, ulong sequence)
    {
        EnsureWritable();
        if (sequence > SequenceNumber.Max)
        {
            ThrowHelper.ThrowInvalidArgument($"Sequence number {sequence} exceeds the largest, {SequenceNumber.Max}.");
        }

        if (start.SequenceCompareTo(endExclusive) >= 0)
        {
            return;
        }

        _tombstones.Add(new RangeTombstone(start.ToArray(), endExclusive.ToArray(), sequence));
        NoteSequence(sequence);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataBlock.Dispose();
        _indexBlock.Dispose();
        _output.Dispose();
        if (_bloom is not null)
        {
            _bloomBuilders?.Return(_bloom);
        }
    }

    private ReadOnlySpan<byte> LastKey => _lastKey.AsSpan(0, _lastKeyLength);

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            ThrowHelper.ThrowFailedPrecondition($"The table '{_file.Path}' is finished.");
        }
    }

    private void RememberLastKey(ReadOnlySpan<byte> key)
    {
        if (_lastKey.Length < key.Length)
        {
            _lastKey = new byte[Math.Max(key.Length, _lastKey.Length * 2)];
        }

        key.CopyTo(_lastKey);
        _lastKeyLength = key.Length;
    }

    private void NoteSequence(ulong sequence)
    {
        _smallestSequence = Math.Min(_smallestSequence, sequence);
        _largestSequence = Math.Max(_largestSequence, sequence);
    }

    private ReadOnlySpan<byte> IndexKey(ReadOnlySpan<byte> lastKey, ReadOnlySpan<byte> nextKey)
    {
        if (_separator.Length < lastKey.Length)
        {
            _separator = new byte[Math.Max(lastKey.Length, _separator.Length * 2)];
        }

        int length = IndexSeparator.Write(lastKey, nextKey, _separator);
        return _separator.AsSpan(0, length);
    }

    private void AddIndexEntry(ReadOnlySpan<byte> key, BlockHandle handle)
    {
        Span<byte> encoded = stackalloc byte[BlockHandle.MaxEncodedLength];
        int length = handle.EncodeTo(encoded);
        _indexBlock.Add(key, encoded[..length]);
        _pendingIndexEntry = false;
    }

    private void FlushDataBlock()
    {
        BlockHandle handle = WriteBlock(_dataBlock.Finish(), _options.Compression);
        _dataBlock.Reset();
        _dataSize += (ulong)handle.Size + BlockTrailer.Size;
        _dataBlockCount++;
        _pendingIndexEntry = true;
        _pendingHandle = handle;
    }

    /// <summary>Appends a raw block and its trailer to the output; returns its handle.</summary>
    private BlockHandle WriteBlock(ReadOnlySpan<byte> contents) => WriteBlock(contents, CompressionType.None);

    /// <summary>
    /// Appends a block and its trailer to the output, compressed when <paramref name="compression"/> asks for it and
    /// compression pays; returns the handle of its stored bytes.
    /// </summary>
    private BlockHandle WriteBlock(ReadOnlySpan<byte> contents, CompressionType compression)
    {
        int stored = 0;
        Span<byte> destination;
        if (compression == CompressionType.Lz4)
        {
            // The compressor may leave scratch bytes past its length; the trailer overwrites them or they lie past
            // the bytes the buffer advances over.
            destination = _output.GetSpan(CompressedBlock.MaxStoredLength(contents.Length) + BlockTrailer.Size);
            stored = CompressedBlock.TryCompress(contents, destination);
        }

        CompressionType type = stored > 0 ? compression : CompressionType.None;
        if (stored == 0)
        {
            stored = contents.Length;
            destination = _output.GetSpan(stored + BlockTrailer.Size);
            contents.CopyTo(destination);
        }
        else
        {
            destination = _output.GetSpan(stored + BlockTrailer.Size);
        }

        BlockHandle handle = new(_offset, stored);
        BlockTrailer.Write(destination[..stored], type, destination[stored..]);
        _output.Advance(stored + BlockTrailer.Size);
        _offset += stored + BlockTrailer.Size;
        if (_output.WrittenCount >= FlushThresholdBytes)
        {
            FlushOutput();
        }

        return handle;
    }

    private void FlushOutput()
    {
        if (_output.WrittenCount > 0)
        {
            _file.Append(_output.WrittenSpan);
            _output.Clear();
        }
    }
}
