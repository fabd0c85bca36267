using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// Paged listings through the tee. Page tokens are engine-private, so each page is answered by the primary with the
/// primary's token, the rows are gathered across pages (per method and request without its token), and when the
/// primary's listing ends (an empty next token) the secondary's whole listing is read with its own tokens and the same
/// page size and the two are compared. A listing abandoned before its last page is not compared, nor one spanning a
/// write through the tee (the engines' pages straddle it differently).
/// </summary>
public sealed partial class TeeSyncStore
{
    // Open listings the tee remembers; past this many, the oldest are forgotten (abandoned listings would otherwise pile up).
    private const int MaxOpenListings = 64;

    // The most pages the secondary's whole listing may take before it counts as not ending.
    private const int MaxSecondaryPages = 1_000_000;

    private readonly Lock _listingsLock = new();

    // Open listings by key (method and request without token), oldest first; guarded by _listingsLock.
    private readonly Dictionary<object, OpenListing> _listings = [];
    private readonly Queue<object> _listingOrder = new();

    /// <summary>
    /// One page of a listing: the primary's page, with the whole listing compared when it ends.
    /// <paramref name="key"/> identifies the listing (method and request without its token); <paramref name="primary"/> and <paramref name="secondary"/>
    /// read one page of a store from a token of that store.
    /// </summary>
    internal Page<T> ReadPage<T>(
        string method,
        object key,
        string? pageToken,
        Func<string> arguments,
        Func<ISyncStore, string?, Page<T>> primary,
        Func<ISyncStore, string?, Page<T>> secondary,
        TeeComparison<IReadOnlyList<T>> comparison,
        Func<T, T>? toPrimaryIds = null)
    {
        bool first = string.IsNullOrEmpty(pageToken);
        long generation = WriteGeneration;
        (Page<T>? page, Exception? error) = Run(_primary, s => primary(s, pageToken));
        OpenListing? open = TakeListing(key, pageToken);
        if (error is not null)
        {
            // A token the primary issued means nothing to the secondary; any other token (or none) must fail alike.
            if (open is null)
            {
                (Page<T>? other, Exception? otherError) = Run(_secondary, s => secondary(s, pageToken));
                Compare(method, arguments, (default(IReadOnlyList<T>), error), (other?.Items, otherError), comparison);
            }

            ExceptionDispatchInfo.Throw(error);
        }

        if (open is null && !first)
        {
            // A token of a listing the tee does not follow (forgotten, or issued before a restart): answered, not compared.
            return page!;
        }

        open ??= new OpenListing(generation, new List<T>());
        List<T> gathered = (List<T>)open.Rows;
        gathered.AddRange(page!.Items);
        if (page.NextPageToken.Length > 0)
        {
            open.NextToken = page.NextPageToken;
            PutListing(key, open);
            return page;
        }

        if (open.Generation == WriteGeneration)
        {
            (List<T>? rows, Exception? otherError) = Run(_secondary, s => WholeListing(s, secondary));
            Func<List<T>, List<T>>? translate = toPrimaryIds is null ? null : list => list.ConvertAll(row => toPrimaryIds(row));
            Compare(method, arguments, (gathered, null), (rows, otherError), new ListAs<T>(comparison), translate);
        }

        return page;
    }

    /// <summary>Every row of the secondary's listing, page after page with its own tokens.</summary>
    private static List<T> WholeListing<T>(ISyncStore store, Func<ISyncStore, string?, Page<T>> page)
    {
        List<T> rows = [];
        string? token = null;
        for (int pages = 0; pages < MaxSecondaryPages; pages++)
        {
            Page<T> next = page(store, token);
            rows.AddRange(next.Items);
            if (next.NextPageToken.Length == 0)
            {
                return rows;
            }

            if (next.NextPageToken == token)
            {
                break;
            }

            token = next.NextPageToken;
        }

        throw new InvalidOperationException($"the secondary's listing does not end (its page token stops advancing at '{token}')");
    }

    /// <summary>Removes and returns the open listing <paramref name="pageToken"/> continues; null for a first page or an unknown token.</summary>
    private OpenListing? TakeListing(object key, string? pageToken)
    {
        lock (_listingsLock)
        {
            if (!_listings.Remove(key, out OpenListing? open))
            {
                return null;
            }

            return !string.IsNullOrEmpty(pageToken) && open.NextToken == pageToken ? open : null;
        }
    }

    private void PutListing(object key, OpenListing open)
    {
        lock (_listingsLock)
        {
            _listings[key] = open;
            _listingOrder.Enqueue(key);
            while (_listings.Count > MaxOpenListings && _listingOrder.TryDequeue(out object? oldest))
            {
                _listings.Remove(oldest);
            }

            // Keys of listings already ended or replaced stay queued; trim them so the queue stays bounded too.
            if (_listingOrder.Count > 4 * MaxOpenListings)
            {
                object[] live = [.. _listingOrder];
                _listingOrder.Clear();
                foreach (object queued in live)
                {
                    if (_listings.ContainsKey(queued))
                    {
                        _listingOrder.Enqueue(queued);
                    }
                }
            }
        }
    }

    /// <summary>A listing the caller is paging through: the rows so far and the token that continues it.</summary>
    private sealed class OpenListing(long generation, object rows)
    {
        /// <summary>The write generation when the listing started.</summary>
        public long Generation { get; } = generation;

        /// <summary>The primary's rows so far: a <c>List&lt;T&gt;</c> of the listing's row type (one dictionary holds listings of every type).</summary>
        public object Rows { get; } = rows;

        /// <summary>The token the next page must carry.</summary>
        public string NextToken { get; set; } = "";
    }

    /// <summary>A list comparison applied to the concrete lists the listing gathers.</summary>
    private sealed class ListAs<T>(TeeComparison<IReadOnlyList<T>> inner) : TeeComparison<List<T>>
    {
        public override string? Difference(List<T> primary, List<T> secondary) => inner.Difference(primary, secondary);

        public override string Render(List<T> value) => inner.Render(value);
    }
}
