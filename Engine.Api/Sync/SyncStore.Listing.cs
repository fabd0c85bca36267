using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Encoding;
using Engine.Lsm.Db;
using Google.Protobuf;

namespace Engine.Api.Sync;

/// <summary>
/// The paging machinery every listing shares: a key-ordered scan of a primary keyspace or an index under one prefix,
/// an optional filter on each record, the page clamp, and tokens that resume strictly after the last returned row.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>Decides, from a record's envelope, whether a listing returns it.</summary>
    internal delegate bool RecordFilter(in EntityRecord record);

    /// <summary>Builds what a listing returns for one row.</summary>
    internal delegate T RowReader<out T>(in Row row);

    /// <summary>
    /// One page of <paramref name="listing"/>: up to <paramref name="pageSize"/> (clamped) records after the token's key
    /// that pass <paramref name="filter"/>, and a token when another such record follows.
    /// </summary>
    internal Page<T> ListPage<T>(in Listing listing, int pageSize, string? pageToken, MessageParser<T> parser, RecordFilter? filter = null)
        where T : IMessage<T> =>
        ListPage(listing, pageSize, pageToken, (in Row row) => ParseBlob(row.PrimaryKey, row.Record.Blob, parser), filter);

    /// <summary>One page of <paramref name="listing"/>, each row built by <paramref name="read"/>.</summary>
    internal Page<T> ListPage<T>(in Listing listing, int pageSize, string? pageToken, RowReader<T> read, RecordFilter? filter = null)
    {
        int limit = Requests.Paging.Clamp(pageSize);
        List<T> items = [];
        byte[]? lastKey = null;
        bool more = false;

        // One row past the page says whether a token follows.
        foreach (Row row in Scan(listing, pageToken, filter, limit + 1))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(read(row));
            if (items.Count == limit)
            {
                lastKey = row.ScannedKey.ToArray();
            }
        }

        return SyncTelemetry.Returned(new Page<T>(items, more ? PageTokens.After(lastKey) : ""));
    }

    /// <summary>
    /// One row of a scan: the key walked (a token names it), the record's key, the parsed envelope; all valid until the
    /// scan moves on.
    /// </summary>
    internal readonly ref struct Row
    {
        public Row(ReadOnlySpan<byte> scannedKey, ReadOnlySpan<byte> primaryKey, EntityRecord record)
        {
            ScannedKey = scannedKey;
            PrimaryKey = primaryKey;
            Record = record;
        }

        public ReadOnlySpan<byte> ScannedKey { get; }

        public ReadOnlySpan<byte> PrimaryKey { get; }

        public EntityRecord Record { get; }
    }

    /// <summary>
    /// The rows of <paramref name="listing"/> after <paramref name="pageToken"/> that pass the filter, in key order;
    /// <paramref name="expectedRows"/> (0: unknown) sizes the first batch of an index listing's record lookups.
    /// </summary>
    internal RowEnumerable Scan(Listing listing, string? pageToken, RecordFilter? filter, int expectedRows = 0) =>
        new(this, listing, pageToken, filter, expectedRows);

    /// <summary>A lazily walked scan; <c>foreach</c> over it.</summary>
    internal readonly struct RowEnumerable(SyncStore store, Listing listing, string? pageToken, RecordFilter? filter, int expectedRows)
    {
        public RowEnumerator GetEnumerator() => new(store, listing, pageToken, filter, expectedRows);
    }

    /// <summary>
    /// Walks a listing's keys with one iterator, reading a primary keyspace's records in place; for an index, gathers a
    /// batch of index keys and looks their records up with one <see cref="Database.MultiGet(IReadOnlyList{byte[]}, Snapshot?)"/>, which visits each table
    /// once in key order instead of searching it per row.
    /// </summary>
    internal ref struct RowEnumerator
    {
        // The first batch of an index listing when the caller cannot say how many rows it wants; later batches double.
        private const int DefaultBatch = 256;

        // Batches stop growing here: a full page and the row after it.
        private const int MaxBatch = Requests.Paging.MaxPageSize + 1;

        private readonly SyncStore _store;
        private readonly Listing _listing;
        private readonly RecordFilter? _filter;
        private readonly DatabaseIterator _keys;

        // An index listing's batch: the index keys walked, their records' keys and the records. The key arrays and the
        // values' buffer are reused from batch to batch, so a page allocates what it returns and little else.
        private readonly ValueBatch? _values;
        private byte[][] _scanned = [];
        private byte[][] _primary = [];
        private int _count;
        private int _position;
        private int _batchSize;
        private bool _started;
        private Row _current;

        public RowEnumerator(SyncStore store, Listing listing, string? pageToken, RecordFilter? filter, int expectedRows)
        {
            _store = store;
            _listing = listing;
            _filter = filter;
            byte[] prefix = listing.Prefix();

            // A token must name a key of this listing: under the whole prefix when the sync is fixed, else under the
            // tuple prefix after whichever sync id the key holds.
            byte[]? resume = string.IsNullOrEmpty(pageToken) ? null
                : listing.Sync is null ? PageTokens.ResumeKey(pageToken, (byte)listing.Scanned, listing.TuplePrefix, SyncKeys.SyncPrefixLength)
                : PageTokens.ResumeKey(pageToken, (byte)listing.Scanned, prefix.AsSpan(1), 1);
            if (resume is not null && !listing.Matches(resume))
            {
                SyncErrors.InvalidArgument("the page token belongs to another listing");
            }

            if (listing.IsIndex)
            {
                _values = new ValueBatch();
                _batchSize = expectedRows > 0 ? Math.Min(expectedRows, MaxBatch) : DefaultBatch;
            }

            _keys = store.Db.NewIterator(new ReadOptions { Range = KeyRange.Between(resume ?? prefix, listing.UpperBound(prefix)) });
        }

        public readonly Row Current => _current;

        public bool MoveNext() => _listing.IsIndex ? MoveNextIndexed() : MoveNextPrimary();

        public readonly void Dispose() => _keys.Dispose();

        private bool MoveNextPrimary()
        {
            for (Advance(); _keys.Valid; _keys.Next())
            {
                ReadOnlySpan<byte> key = _keys.Key;
                if (_listing.Sync is null && !_listing.Matches(key))
                {
                    continue;
                }

                EntityRecord record = _store.ParseRecord(key, _keys.Value, _listing.Primary);
                if (_filter is not null && !_filter(record))
                {
                    continue;
                }

                _current = new Row(key, key, record);
                return true;
            }

            return false;
        }

        private bool MoveNextIndexed()
        {
            while (true)
            {
                if (_position == _count && !FillBatch())
                {
                    return false;
                }

                int i = _position++;
                if (!_values!.TryGet(i, out ReadOnlySpan<byte> value))
                {
                    // An index entry without its record: VerifyIndexes reports it; listings skip it.
                    continue;
                }

                byte[] primaryKey = _primary[i];
                EntityRecord record = _store.ParseRecord(primaryKey, value, _listing.Primary);
                if (_filter is not null && !_filter(record))
                {
                    continue;
                }

                _current = new Row(_scanned[i], primaryKey, record);
                return true;
            }
        }

        /// <summary>The next batch of index keys and their records; false when the listing has no more keys.</summary>
        private bool FillBatch()
        {
            int count = 0;
            for (Advance(); _keys.Valid; _keys.Next())
            {
                ReadOnlySpan<byte> key = _keys.Key;
                if (_listing.Sync is not null || _listing.Matches(key))
                {
                    // The arrays grow with what the listing holds, not with the page it may fill: most pages are short.
                    if (count == _scanned.Length)
                    {
                        int length = Math.Min(Math.Max(16, count * 2), _batchSize);
                        Array.Resize(ref _scanned, length);
                        Array.Resize(ref _primary, length);
                    }

                    CopyReusing(ref _scanned[count], key);
                    PrimaryKeyOf(key, _listing.Primary, ref _primary[count]);
                    if (++count == _batchSize)
                    {
                        break;
                    }
                }
            }

            _count = count;
            _position = 0;
            if (count == 0)
            {
                return false;
            }

            _store.Db.MultiGetIndexed(new ArraySegment<byte[]>(_primary, 0, count), _values!);
            _batchSize = Math.Min(_batchSize * 2, MaxBatch);
            return true;
        }

        /// <summary>Positions on the first key at the first call, on the next key after that.</summary>
        private void Advance()
        {
            if (!_started)
            {
                _keys.First();
                _started = true;
            }
            else if (_keys.Valid)
            {
                _keys.Next();
            }
        }
    }

    /// <summary>The record's key for an index key: the primary keyspace, the sync, and the index key's last column.</summary>
    internal static byte[] PrimaryKeyOf(ReadOnlySpan<byte> indexKey, Keyspace primary)
    {
        byte[]? key = null;
        PrimaryKeyOf(indexKey, primary, ref key);
        return key;
    }

    /// <summary>
    /// <see cref="PrimaryKeyOf(ReadOnlySpan{byte}, Keyspace)"/> written into <paramref name="key"/> when it has the
    /// length (a batch's keys mostly do), else into a new array.
    /// </summary>
    private static void PrimaryKeyOf(ReadOnlySpan<byte> indexKey, Keyspace primary, [NotNull] ref byte[]? key)
    {
        ReadOnlySpan<byte> last = default;
        TupleReader reader = new(indexKey[SyncKeys.SyncPrefixLength..]);
        while (reader.TryReadNext(out _))
        {
            last = reader.CurrentEncoded;
        }

        int length = SyncKeys.SyncPrefixLength + last.Length;
        if (key is null || key.Length != length)
        {
            key = new byte[length];
        }

        indexKey[..SyncKeys.SyncPrefixLength].CopyTo(key);
        key[0] = (byte)primary;
        last.CopyTo(key.AsSpan(SyncKeys.SyncPrefixLength));
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> when it has the length, else into a new array.</summary>
    private static void CopyReusing([NotNull] ref byte[]? target, ReadOnlySpan<byte> source)
    {
        if (target is null || target.Length != source.Length)
        {
            target = new byte[source.Length];
        }

        source.CopyTo(target);
    }
}
