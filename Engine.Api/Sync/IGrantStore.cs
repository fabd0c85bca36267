using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync;

/// <summary>The grant-expansion bookkeeping of the sync pipeline (shared/spec/baton-storage.md, section 1.9).</summary>
public interface IGrantStore
{
    /// <summary>Writes expanded grants: strips their GrantExpandable, keeps an existing grant's expansion state.</summary>
    void StoreExpandedGrants(params ReadOnlySpan<Grant> grants);

    /// <summary>One page of the resolved sync's grants that need expansion.</summary>
    Page<PendingExpansionRow> PendingExpansionPage(string? pageToken);

    /// <summary>Every grant that needs expansion, page by page.</summary>
    IEnumerable<PendingExpansionRow> PendingExpansion();

    /// <summary>One page of the resolved sync's grants with their expansion state.</summary>
    Page<GrantWithAnnotation> ListWithAnnotationsPage(string? pageToken);

    /// <summary>
    /// One page of the grants on <paramref name="resource"/>'s entitlements; <paramref name="syncId"/> is ignored and
    /// the cascade used, as the reference does; a page size of 0 means the maximum.
    /// </summary>
    Page<GrantWithAnnotation> ListWithAnnotationsForResourcePage(Resource resource, string syncId, string? pageToken, int pageSize);

    /// <summary>Every grant with its expansion state, page by page.</summary>
    IEnumerable<GrantWithAnnotation> ListWithAnnotations();
}
