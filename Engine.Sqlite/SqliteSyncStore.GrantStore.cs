using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The grant-expansion bookkeeping (shared/spec/baton-storage.md, section 1.9): pages of the grants that need
/// expansion, read from the side columns without decoding the blob, and of every grant with its expansion state.
/// </summary>
public sealed partial class SqliteSyncStore
{
    private const string PendingFilter = "expansion IS NOT NULL AND needs_expansion = 1";
    private const string AnnotatedColumns = "data, expansion, external_id, entitlement_id, principal_resource_type_id, principal_resource_id, needs_expansion";

    private SqliteGrantStore? _grants;

    /// <summary>The grant-expansion bookkeeping.</summary>
    public IGrantStore Grants => _grants ??= new SqliteGrantStore(this);

    internal Page<PendingExpansionRow> PendingExpansionPage(string? pageToken)
    {
        lock (_lock)
        {
            return PendingExpansionPageLocked(ResolveGrantStoreSyncLocked(), pageToken);
        }
    }

    internal IEnumerable<PendingExpansionRow> PendingExpansion()
    {
        string sync;
        lock (_lock)
        {
            sync = ResolveGrantStoreSyncLocked();
        }

        return Stream(token => PendingExpansionPageLocked(sync, token));
    }

    internal Page<GrantWithAnnotation> ListWithAnnotationsPage(string? pageToken)
    {
        lock (_lock)
        {
            return ListPageLocked(V1Schema.Grants, AnnotatedColumns, null, [], ResolveGrantStoreSyncLocked(), Paging.MaxPageSize, pageToken, ReadAnnotated);
        }
    }

    internal Page<GrantWithAnnotation> ListWithAnnotationsForResourcePage(Resource resource, string syncId, string? pageToken, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(resource);

        // The reference ignores the sync id and uses the cascade.
        _ = syncId;
        ResourceId id = resource.Id ?? new ResourceId();
        lock (_lock)
        {
            string sync = ResolveGrantStoreSyncLocked();
            return ListPageLocked(
                V1Schema.Grants, AnnotatedColumns, "resource_type_id = $0 AND resource_id = $1", [id.ResourceType, id.Resource], sync, pageSize, pageToken, ReadAnnotated);
        }
    }

    internal IEnumerable<GrantWithAnnotation> ListWithAnnotations()
    {
        string sync;
        lock (_lock)
        {
            sync = ResolveGrantStoreSyncLocked();
        }

        return Stream(token => ListPageLocked(V1Schema.Grants, AnnotatedColumns, null, [], sync, Paging.MaxPageSize, token, ReadAnnotated));
    }

    private Page<PendingExpansionRow> PendingExpansionPageLocked(string sync, string? pageToken) =>
        ListPageLocked(
            V1Schema.Grants,
            "expansion, external_id, entitlement_id, principal_resource_type_id, principal_resource_id",
            PendingFilter,
            [],
            sync,
            Paging.MaxPageSize,
            pageToken,
            reader => new PendingExpansionRow(
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                ParseBlob(GrantExpandable.Parser, (byte[])reader.GetValue(1), V1Schema.Grants, reader.GetInt64(0)),
                NeedsExpansion: true));

    private GrantWithAnnotation ReadAnnotated(SqliteDataReader reader)
    {
        long rowid = reader.GetInt64(0);
        return new GrantWithAnnotation(
            ParseBlob(Grant.Parser, (byte[])reader.GetValue(1), V1Schema.Grants, rowid),
            reader.IsDBNull(2) ? null : ParseBlob(GrantExpandable.Parser, (byte[])reader.GetValue(2), V1Schema.Grants, rowid),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetInt64(7) != 0);
    }

    /// <summary>The sync the grant store reads; NotFound "no sync run found" when the cascade resolves none.</summary>
    private string ResolveGrantStoreSyncLocked()
    {
        if (ResolveReadSyncLocked(null, ReadDefault.LatestFull) is not string sync)
        {
            SyncErrors.NotFound("no sync run found");
            return "";
        }

        return sync;
    }
}
