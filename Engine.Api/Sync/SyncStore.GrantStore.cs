using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The grant-expansion bookkeeping behind <see cref="Grants"/> (shared/spec/baton-storage.md, section 1.9): pages of
/// the grants that need expansion and of every grant with its expansion state, in the sync the cascade resolves
/// (current, view, then the latest finished full sync).
/// </summary>
public sealed partial class SyncStore
{
    // Created on first use; stateless, so a duplicate from a race is harmless.
    private SyncStoreGrants? _grants;

    /// <summary>The grant-expansion bookkeeping.</summary>
    public IGrantStore Grants => _grants ??= new SyncStoreGrants(this);

    /// <summary>One page (at most the maximum page size) of the resolved sync's grants that need expansion.</summary>
    /// <exception cref="StorageException">NotFound: no sync resolves; InvalidArgument: a malformed token.</exception>
    internal Page<PendingExpansionRow> PendingExpansionPage(string? pageToken) => PendingExpansionPage(ResolveGrantStoreSync(), pageToken);

    /// <summary>Every grant of the resolved sync that needs expansion, read page by page as enumerated.</summary>
    /// <exception cref="StorageException">NotFound: no sync resolves.</exception>
    internal IEnumerable<PendingExpansionRow> PendingExpansion()
    {
        Ksuid sync = ResolveGrantStoreSync();
        return Pages(token => PendingExpansionPage(sync, token));
    }

    /// <summary>One page of the resolved sync's grants with their expansion state.</summary>
    /// <exception cref="StorageException">NotFound: no sync resolves; InvalidArgument: a malformed token.</exception>
    internal Page<GrantWithAnnotation> ListWithAnnotationsPage(string? pageToken) =>
        ListPage(GrantListing(ResolveGrantStoreSync(), null), Paging.MaxPageSize, pageToken, ReadGrantWithAnnotation);

    /// <summary>
    /// One page of the resolved sync's grants whose entitlement is on <paramref name="resource"/>, with their expansion
    /// state; <paramref name="syncId"/> is ignored, as the reference ignores it; a page size of 0 means the maximum.
    /// </summary>
    /// <exception cref="StorageException">NotFound: no sync resolves; InvalidArgument: a malformed token.</exception>
    internal Page<GrantWithAnnotation> ListWithAnnotationsForResourcePage(Resource resource, string syncId, string? pageToken, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _ = syncId;
        return ListPage(GrantListing(ResolveGrantStoreSync(), resource), pageSize, pageToken, ReadGrantWithAnnotation);
    }

    /// <summary>Every grant of the resolved sync with its expansion state, read page by page as enumerated.</summary>
    /// <exception cref="StorageException">NotFound: no sync resolves.</exception>
    internal IEnumerable<GrantWithAnnotation> ListWithAnnotations()
    {
        Listing listing = GrantListing(ResolveGrantStoreSync(), null);
        return Pages(token => ListPage(listing, Paging.MaxPageSize, token, ReadGrantWithAnnotation));
    }

    /// <summary>The sync the grant store reads; NotFound "no sync run found" when the cascade resolves none.</summary>
    private Ksuid ResolveGrantStoreSync()
    {
        if (ResolveReadSync(null, ReadDefault.LatestFull) is not Ksuid sync)
        {
            SyncErrors.NotFound("no sync run found");
            return default;
        }

        return sync;
    }

    private Page<PendingExpansionRow> PendingExpansionPage(Ksuid sync, string? pageToken) =>
        ListPage(
            new Listing(Keyspace.GrantNeedsExpansion, Keyspace.Grant, sync, []),
            Paging.MaxPageSize,
            pageToken,
            ReadPendingRow,
            static (in EntityRecord record) => (record.Flags & (RecordFlags.NeedsExpansion | RecordFlags.HasExpansion)) == (RecordFlags.NeedsExpansion | RecordFlags.HasExpansion));

    /// <summary>A pending row from the record's envelope alone: its id, side columns and expansion; the blob stays encoded.</summary>
    private PendingExpansionRow ReadPendingRow(in Row row) => new(
        RecordId(row.PrimaryKey),
        row.Record.Column(EntitlementIdColumn),
        row.Record.Column(PrincipalTypeColumn),
        row.Record.Column(PrincipalIdColumn),
        ParseBlob(row.PrimaryKey, row.Record.Expansion, GrantExpandable.Parser),
        NeedsExpansion: true);

    private GrantWithAnnotation ReadGrantWithAnnotation(in Row row) => new(
        ParseBlob(row.PrimaryKey, row.Record.Blob, Grant.Parser),
        (row.Record.Flags & RecordFlags.HasExpansion) != 0 ? ParseBlob(row.PrimaryKey, row.Record.Expansion, GrantExpandable.Parser) : null,
        RecordId(row.PrimaryKey),
        row.Record.Column(EntitlementIdColumn),
        row.Record.Column(PrincipalTypeColumn),
        row.Record.Column(PrincipalIdColumn),
        (row.Record.Flags & RecordFlags.NeedsExpansion) != 0);

    /// <summary>The id of the record under a primary key: the one string column after the sync prefix.</summary>
    internal static string RecordId(ReadOnlySpan<byte> primaryKey)
    {
        TupleReader reader = new(primaryKey[SyncKeys.SyncPrefixLength..]);
        return reader.TryReadNext(out TupleElementKind kind) && kind == TupleElementKind.String ? reader.GetString() : "";
    }

    /// <summary>Every row of a paged listing, one page read at a time as the caller enumerates.</summary>
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
