using System;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Sst;

/// <summary>Point lookups.</summary>
internal sealed partial class SstReader
{
    /// <summary>
    /// Finds the newest entry of <paramref name="userKey"/> with a sequence number at most
    /// <paramref name="snapshotSequence"/>. True when there is one: <paramref name="trailer"/> then says its sequence
    /// number and kind (<see cref="KeyKind.Set"/> or <see cref="KeyKind.Delete"/>) and <paramref name="value"/> is its
    /// value: a span into the mapping, valid while the reader is open; into a cached block, valid until
    /// <paramref name="block"/> is disposed; or, when its block is compressed and there is no cache, into a per-thread
    /// buffer, valid until this thread's next <see cref="TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/>
    /// on any table. Range tombstones are not applied here. The caller disposes <paramref name="block"/>, which is
    /// inactive unless the value lies in a cached block.
    /// </summary>
    /// <remarks>
    /// The filter is asked first (see <see cref="BloomChecks"/>); then the index is searched for <c>userKey#snapshot</c>
    /// with kind <see cref="KeyKind.Max"/>, which sorts before every stored entry of that key and sequence number, and the
    /// data block it names. Allocation-free in steady state: keys are reassembled in per-thread scratch, compressed
    /// blocks come from the cache's pooled buffers or are decoded into per-thread scratch. Thread-safe.
    /// </remarks>
    /// <exception cref="CorruptionException">A data block the lookup reads fails its checksum or is malformed.</exception>
    public bool TryGet(ReadOnlySpan<byte> userKey, ulong snapshotSequence, out ulong trailer, out ReadOnlySpan<byte> value, out BlockLease block)
    {
        trailer = 0;
        value = default;
        block = default;
        if (_hasFilter)
        {
            Interlocked.Increment(ref _bloomChecks);
            if (!Filter().MayContain(userKey))
            {
                Interlocked.Increment(ref _bloomNegatives);
                return false;
            }
        }

        ulong searchTrailer = SequenceNumber.MakeTrailer(Math.Min(snapshotSequence, SequenceNumber.Max), KeyKind.Max);
        BlockReader index = IndexReader();
        BlockCursor indexCursor = default;
        indexCursor.SeekGE(index, userKey, searchTrailer);
        BlockCursor dataCursor = new(t_keyScratch ??= new byte[256]);
        byte[]? blockScratch = t_blockScratch;
        BlockLease lease = default;
        bool found = false;
        bool firstBlock = true;
        try
        {
            // The first entry at or after the search key is in the block the index names or, when a shortened separator
            // sorts past that block's last key, first in the next block.
            while (indexCursor.Valid)
            {
                BlockHandle handle = DataHandle(index, indexCursor);
                lease.Dispose();
                BlockReader data = DataReader(DataBlock(indexCursor.RestartIndex, handle, ref blockScratch, fillCache: true, out lease, out _), handle);
                if (firstBlock)
                {
                    dataCursor.SeekGE(data, userKey, searchTrailer);
                }
                else
                {
                    dataCursor.First(data);
                }

                if (dataCursor.Valid)
                {
                    ReadOnlySpan<byte> key = dataCursor.Key(data);
                    if (InternalKey.UserKey(key).SequenceEqual(userKey))
                    {
                        trailer = InternalKey.Trailer(key);
                        if (SequenceNumber.KindOf(trailer) is not (KeyKind.Set or KeyKind.Delete))
                        {
                            ThrowHelper.ThrowCorruption(_file.Path, handle.Offset, $"data entry of kind {(byte)SequenceNumber.KindOf(trailer)}");
                        }

                        value = dataCursor.Value(data);
                        found = true;
                    }

                    break;
                }

                firstBlock = false;
                indexCursor.Next(index);
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        t_keyScratch = dataCursor.KeyBuffer;
        t_blockScratch = blockScratch;
        if (found)
        {
            block = lease;
        }
        else
        {
            lease.Dispose();
            if (_hasFilter)
            {
                Interlocked.Increment(ref _bloomFalsePositives);
            }
        }

        return found;
    }

    /// <summary>
    /// <see cref="TryGet(ReadOnlySpan{byte}, ulong, out ulong, out ReadOnlySpan{byte}, out BlockLease)"/> for a reader
    /// without a block cache, whose values never need a lease.
    /// </summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.FailedPrecondition"/>: the reader has a block cache.</exception>
    public bool TryGet(ReadOnlySpan<byte> userKey, ulong snapshotSequence, out ulong trailer, out ReadOnlySpan<byte> value)
    {
        if (_blocks.Cache is not null)
        {
            ThrowHelper.ThrowFailedPrecondition("A reader with a block cache returns values under a block lease; use the overload that hands it out.");
        }

        return TryGet(userKey, snapshotSequence, out trailer, out value, out _);
    }
}
