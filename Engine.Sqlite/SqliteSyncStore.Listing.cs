using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Engine.Api;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The paging every listing shares, as the reference's <c>listConnectorObjects</c>: filters, <c>sync_id</c> when one
/// resolves, <c>id &gt;= token</c>, <c>ORDER BY id</c>, <c>LIMIT page + 1</c>; the token is the decimal rowid after the
/// last returned row, present only when another row follows.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>Builds a listing's row from a reader whose column 0 is the rowid.</summary>
    private delegate T RowReader<out T>(SqliteDataReader reader);

    /// <summary>
    /// One page of <paramref name="table"/>: rows matching <paramref name="filter"/> (SQL over <c>$0</c>.. of
    /// <paramref name="args"/>; null for none) in <paramref name="sync"/> (every sync when null) after the token.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token.</exception>
    private Page<T> ListPageLocked<T>(string table, string columns, string? filter, List<object?> args, string? sync, int pageSize, string? pageToken, RowReader<T> read)
    {
        int limit = Paging.Clamp(pageSize);
        long? resume = ParseRowToken(pageToken);
        StringBuilder sql = new StringBuilder("SELECT id, ").Append(columns).Append(" FROM ").Append(table).Append(" WHERE 1 = 1");
        if (filter is not null)
        {
            sql.Append(" AND ").Append(filter);
        }

        if (sync is not null)
        {
            sql.Append(" AND sync_id = $").Append(args.Count);
            args.Add(sync);
        }

        if (resume is long first)
        {
            sql.Append(" AND id >= $").Append(args.Count);
            args.Add(first);
        }

        sql.Append(" ORDER BY id LIMIT $").Append(args.Count);
        args.Add(limit + 1);

        List<T> items = [];
        long lastId = 0;
        bool more = false;
        using (SqliteDataReader reader = _sql.Query(sql.ToString(), args.ToArray()))
        {
            while (reader.Read())
            {
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

                lastId = reader.GetInt64(0);
                items.Add(read(reader));
            }
        }

        return new Page<T>(items, more ? RowToken(lastId) : "");
    }

    /// <summary>The token that resumes after the row of <paramref name="lastId"/>: its rowid plus one, in decimal.</summary>
    private static string RowToken(long lastId) => (lastId + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The first rowid a token resumes at; null for no token; InvalidArgument when it is not a positive decimal.</summary>
    private static long? ParseRowToken(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        if (!long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out long rowid) || rowid <= 0)
        {
            SyncErrors.InvalidArgument("malformed page token");
        }

        return rowid;
    }

    /// <summary>The message of a stored blob; corruption naming the table and rowid when it does not parse.</summary>
    private T ParseBlob<T>(MessageParser<T> parser, byte[] blob, string table, long rowid)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(blob);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new CorruptionException(_databasePath, Encoding.UTF8.GetBytes($"{table} rowid {rowid}"), $"the stored {typeof(T).Name} does not parse", ex);
        }
    }

    /// <summary>Every row of a paged listing, one page read at a time (each under the lock) as the caller enumerates.</summary>
    private static IEnumerable<T> Pages<T>(Func<string, Page<T>> page)
    {
        string token = "";
        do
        {
            Page<T> current = page(token);
            foreach (T item in current.Items)
            {
                yield return item;
            }

            token = current.NextPageToken;
        }
        while (token.Length != 0);
    }
}
