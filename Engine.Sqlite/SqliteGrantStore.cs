using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;

namespace Engine.Sqlite;

/// <summary>The <see cref="IGrantStore"/> face of a <see cref="SqliteSyncStore"/>: forwards each call to it.</summary>
/// <remarks>As thread-safe as the store.</remarks>
internal sealed class SqliteGrantStore(SqliteSyncStore store) : IGrantStore
{
    public void StoreExpandedGrants(params ReadOnlySpan<Grant> grants) => store.StoreExpandedGrants(grants);

    public Page<PendingExpansionRow> PendingExpansionPage(string? pageToken) => store.PendingExpansionPage(pageToken);

    public IEnumerable<PendingExpansionRow> PendingExpansion() => store.PendingExpansion();

    public Page<GrantWithAnnotation> ListWithAnnotationsPage(string? pageToken) => store.ListWithAnnotationsPage(pageToken);

    public Page<GrantWithAnnotation> ListWithAnnotationsForResourcePage(Resource resource, string syncId, string? pageToken, int pageSize) =>
        store.ListWithAnnotationsForResourcePage(resource, syncId, pageToken, pageSize);

    public IEnumerable<GrantWithAnnotation> ListWithAnnotations() => store.ListWithAnnotations();
}
