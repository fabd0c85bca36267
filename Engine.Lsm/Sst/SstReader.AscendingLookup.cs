using System;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>Point lookups of ascending keys that keep their place in the table.</summary>
internal sealed partial class SstReader
{
    /// <summary>
    /// Looks up keys in ascending order, each answered as by <see cref="SstReader.TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/>,
    /// but keeping the data block and index position of the previous key: a key that falls in the same block (the index
    /// separator there still sorts at or after it) is sought in that block without an index search or a block-cache
    /// lookup. A batch of sorted keys that are close together, as a listing's page of records, then reads each block once.
    /// </summary>
    /// <remarks>
    /// The value a lookup returns is valid until the next lookup or <see cref="Dispose"/>, which releases the block held.
    /// Keys must not descend; a repeated key is answered again. One owner; on the thread that created it.
    /// </remarks>
    internal ref struct AscendingLookup
    {
        private readonly SstReader _reader;
        private readonly ulong _searchTrailer;
        private readonly bool _useFilter;
        private BlockCursor _indexCursor;
        private BlockCursor _dataCursor;
        private BlockLease _lease;
        private ReadOnlySpan<byte> _block;
        private BlockHandle _handle;
        private byte[]? _blockScratch;
        private bool _positioned;

        // The data cursor is on an entry of the block held (not of a block since replaced).
        private bool _onEntry;

        /// <summary>
        /// Starts lookups in <paramref name="reader"/> as of <paramref name="snapshotSequence"/>; without
        /// <paramref name="useFilter"/>, the table's filter is not asked (for keys expected to be there).
        /// </summary>
        public AscendingLookup(SstReader reader, ulong snapshotSequence, bool useFilter = true)
        {
            _reader = reader;
            _useFilter = useFilter && reader._hasFilter;
            _searchTrailer = SequenceNumber.MakeTrailer(Math.Min(snapshotSequence, SequenceNumber.Max), KeyKind.Max);

            // The per-thread scratch is taken for the lookup's lifetime, so a plain TryGet meanwhile allocates its own.
            _dataCursor = new BlockCursor(t_keyScratch ?? new byte[256]);
            t_keyScratch = null;
            _blockScratch = t_blockScratch;
            t_blockScratch = null;
        }

        /// <summary>
        /// The newest entry of <paramref name="userKey"/> at or below the snapshot: as
        /// <see cref="SstReader.TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/>, with
        /// <paramref name="value"/> valid until the next call.
        /// </summary>
        /// <exception cref="CorruptionException">A data block the lookup reads fails its checksum or is malformed.</exception>
        public bool TryGet(ReadOnlySpan<byte> userKey, out ulong trailer, out ReadOnlySpan<byte> value)
        {
            trailer = 0;
            value = default;
            SstReader reader = _reader;
            if (_useFilter)
            {
                Interlocked.Increment(ref reader._bloomChecks);
                if (!reader.Filter().MayContain(userKey))
                {
                    Interlocked.Increment(ref reader._bloomNegatives);
                    return false;
                }
            }

            BlockReader index = reader.IndexReader();

            // The block held still answers when its separator sorts at or after the key: every earlier separator sorts
            // before the previous key, hence before this one, so the index search would land on the same entry.
            bool sameBlock = _positioned && _indexCursor.Valid
                && index.CompareTarget(userKey, _searchTrailer, _indexCursor.Key(index)) <= 0;
            if (!sameBlock)
            {
                _indexCursor.SeekGE(index, userKey, _searchTrailer);
                _positioned = true;
                if (_indexCursor.Valid)
                {
                    LoadBlock(index);
                }
            }

            bool firstBlock = true;
            while (_indexCursor.Valid)
            {
                BlockReader data = reader.DataReader(_block, _handle);
                if (!firstBlock)
                {
                    _dataCursor.First(data);
                }
                else if (sameBlock && _onEntry && data.CompareTarget(userKey, _searchTrailer, _dataCursor.Key(data)) > 0)
                {
                    // The previous key's entry sorts before this key: step forward from it instead of searching the
                    // block from its restart points, so keys close together cost about one entry each.
                    do
                    {
                        _dataCursor.Next(data);
                    }
                    while (_dataCursor.Valid && data.CompareTarget(userKey, _searchTrailer, _dataCursor.Key(data)) > 0);
                }
                else
                {
                    _dataCursor.SeekGE(data, userKey, _searchTrailer);
                }

                _onEntry = _dataCursor.Valid;

                if (_dataCursor.Valid)
                {
                    ReadOnlySpan<byte> key = _dataCursor.Key(data);
                    if (InternalKey.UserKey(key).SequenceEqual(userKey))
                    {
                        trailer = InternalKey.Trailer(key);
                        if (SequenceNumber.KindOf(trailer) is not (KeyKind.Set or KeyKind.Delete))
                        {
                            ThrowHelper.ThrowCorruption(reader._file.Path, _handle.Offset, $"data entry of kind {(byte)SequenceNumber.KindOf(trailer)}");
                        }

                        value = _dataCursor.Value(data);
                        return true;
                    }

                    break;
                }

                // A shortened separator sorts past the block's last key: the first entry at or after the key is first
                // in the next block, which then becomes the one held.
                firstBlock = false;
                _indexCursor.Next(index);
                if (_indexCursor.Valid)
                {
                    LoadBlock(index);
                }
            }

            if (_useFilter)
            {
                Interlocked.Increment(ref reader._bloomFalsePositives);
            }

            return false;
        }

        /// <summary>Releases the block held and gives the scratch buffers back to the thread; nothing for a default lookup.</summary>
        public void Dispose()
        {
            if (_reader is null)
            {
                return;
            }

            _lease.Dispose();
            _lease = default;
            _block = default;
            _positioned = false;
            _onEntry = false;
            t_keyScratch = _dataCursor.KeyBuffer;
            t_blockScratch = _blockScratch;
        }

        private void LoadBlock(scoped in BlockReader index)
        {
            _onEntry = false;
            _handle = DataHandle(index, _indexCursor);
            _lease.Dispose();
            _lease = default;
            _block = _reader.DataBlock(_indexCursor.RestartIndex, _handle, ref _blockScratch, fillCache: true, out _lease, out _);
        }
    }
}
