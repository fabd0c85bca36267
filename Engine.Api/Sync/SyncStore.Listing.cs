using System;
using System.Collections.Generic;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Encoding;
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
        foreach (Row row in Scan(listing, pageToken, filter))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(read(row));
            lastKey = row.ScannedKey;
        }

        return SyncTelemetry.Returned(new Page<T>(items, more ? PageTokens.After(lastKey) : ""));
    }

    /// <summary>One row of a scan: the key walked (a token names it), the record's key and value, the parsed envelope.</summary>
    internal readonly ref struct Row
    {
        public Row(byte[] scannedKey, byte[] primaryKey, byte[] value, EntityRecord record)
        {
            ScannedKey = scannedKey;
            PrimaryKey = primaryKey;
            Value = value;
            Record = record;
        }

        public byte[] ScannedKey { get; }

        public byte[] PrimaryKey { get; }

        public byte[] Value { get; }

        public EntityRecord Record { get; }
    }

    /// <summary>The rows of <paramref name="listing"/> after <paramref name="pageToken"/> that pass the filter, in key order.</summary>
    internal RowEnumerable Scan(Listing listing, string? pageToken, RecordFilter? filter) => new(this, listing, pageToken, filter);

    /// <summary>A lazily walked scan; <c>foreach</c> over it.</summary>
    internal readonly struct RowEnumerable(SyncStore store, Listing listing, string? pageToken, RecordFilter? filter)
    {
        public RowEnumerator GetEnumerator() => new(store, listing, pageToken, filter);
    }

    /// <summary>Walks a listing's keys; for an index, looks each record up by the id its key ends with.</summary>
    internal ref struct RowEnumerator
    {
        private readonly SyncStore _store;
        private readonly Listing _listing;
        private readonly RecordFilter? _filter;
        private readonly IEnumerator<KeyValuePair<byte[], byte[]>> _keys;
        private Row _current;

        public RowEnumerator(SyncStore store, Listing listing, string? pageToken, RecordFilter? filter)
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

            KeyRange range = KeyRange.Between(resume ?? prefix, listing.UpperBound(prefix));

            _keys = store.Db.Scan(range).GetEnumerator();
        }

        public readonly Row Current => _current;

        public bool MoveNext()
        {
            while (_keys.MoveNext())
            {
                (byte[] key, byte[] value) = (_keys.Current.Key, _keys.Current.Value);
                if (_listing.Sync is null && !_listing.Matches(key))
                {
                    continue;
                }

                byte[] primaryKey = key;
                if (_listing.IsIndex)
                {
                    primaryKey = PrimaryKeyOf(key, _listing.Primary);
                    byte[]? stored = _store.Db.Get(primaryKey);
                    if (stored is null)
                    {
                        // An index entry without its record: VerifyIndexes reports it; listings skip it.
                        continue;
                    }

                    value = stored;
                }

                EntityRecord record = _store.ParseRecord(primaryKey, value, _listing.Primary);
                if (_filter is not null && !_filter(record))
                {
                    continue;
                }

                _current = new Row(key, primaryKey, value, record);
                return true;
            }

            return false;
        }

        public readonly void Dispose() => _keys.Dispose();
    }

    /// <summary>The record's key for an index key: the primary keyspace, the sync, and the index key's last column.</summary>
    internal static byte[] PrimaryKeyOf(ReadOnlySpan<byte> indexKey, Keyspace primary)
    {
        ReadOnlySpan<byte> last = default;
        TupleReader reader = new(indexKey[SyncKeys.SyncPrefixLength..]);
        while (reader.TryReadNext(out _))
        {
            last = reader.CurrentEncoded;
        }

        byte[] key = new byte[SyncKeys.SyncPrefixLength + last.Length];
        indexKey[..SyncKeys.SyncPrefixLength].CopyTo(key);
        key[0] = (byte)primary;
        last.CopyTo(key.AsSpan(SyncKeys.SyncPrefixLength));
        return key;
    }
}
