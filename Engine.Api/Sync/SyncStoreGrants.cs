using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Telemetry;

namespace Engine.Api.Sync;

/// <summary>The <see cref="IGrantStore"/> view of a <see cref="SyncStore"/>: forwards each call to it.</summary>
/// <remarks>Stateless beyond the store; as thread-safe as the store.</remarks>
internal sealed class SyncStoreGrants(SyncStore store) : IGrantStore
{
    public void StoreExpandedGrants(params ReadOnlySpan<Grant> grants) => store.StoreExpandedGrants(grants);

    public Page<PendingExpansionRow> PendingExpansionPage(string? pageToken)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.PendingExpansionPage);
        return store.PendingExpansionPage(pageToken);
    }

    public IEnumerable<PendingExpansionRow> PendingExpansion()
    {
        using OperationScope op = store.BeginOperation(SyncOperation.PendingExpansion);
        return store.PendingExpansion();
    }

    public Page<GrantWithAnnotation> ListWithAnnotationsPage(string? pageToken)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.ListWithAnnotationsPage);
        return store.ListWithAnnotationsPage(pageToken);
    }

    public Page<GrantWithAnnotation> ListWithAnnotationsForResourcePage(Resource resource, string syncId, string? pageToken, int pageSize)
    {
        using OperationScope op = store.BeginOperation(SyncOperation.ListWithAnnotationsForResourcePage, syncId);
        return store.ListWithAnnotationsForResourcePage(resource, syncId, pageToken, pageSize);
    }

    public IEnumerable<GrantWithAnnotation> ListWithAnnotations()
    {
        using OperationScope op = store.BeginOperation(SyncOperation.ListWithAnnotations);
        return store.ListWithAnnotations();
    }
}
