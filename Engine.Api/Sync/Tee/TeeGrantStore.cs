using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>
/// The grant-expansion bookkeeping through a tee. Every listing compares as a set: the reference pages in rowid order,
/// ours in key order.
/// </summary>
/// <remarks>As thread-safe as the tee.</remarks>
internal sealed class TeeGrantStore(TeeSyncStore tee) : IGrantStore
{
    public void StoreExpandedGrants(params ReadOnlySpan<Grant> grants)
    {
        Grant[] batch = grants.ToArray();
        tee.Write("IGrantStore.StoreExpandedGrants", () => TeeText.Of(batch), s => s.Grants.StoreExpandedGrants(batch), s => s.Grants.StoreExpandedGrants(batch));
    }

    public Page<PendingExpansionRow> PendingExpansionPage(string? pageToken) => tee.ReadPage(
        "IGrantStore.PendingExpansionPage",
        "PendingExpansionPage",
        pageToken,
        () => TeeText.Of(pageToken),
        static (s, token) => s.Grants.PendingExpansionPage(token),
        static (s, token) => s.Grants.PendingExpansionPage(token),
        ListComparison<PendingExpansionRow>.Set);

    public IEnumerable<PendingExpansionRow> PendingExpansion() => tee.ReadStream(
        "IGrantStore.PendingExpansion", static () => "", static s => s.Grants.PendingExpansion(), static s => s.Grants.PendingExpansion(), ListComparison<PendingExpansionRow>.Set);

    public Page<GrantWithAnnotation> ListWithAnnotationsPage(string? pageToken) => tee.ReadPage(
        "IGrantStore.ListWithAnnotationsPage",
        "ListWithAnnotationsPage",
        pageToken,
        () => TeeText.Of(pageToken),
        static (s, token) => s.Grants.ListWithAnnotationsPage(token),
        static (s, token) => s.Grants.ListWithAnnotationsPage(token),
        ListComparison<GrantWithAnnotation>.Set);

    public Page<GrantWithAnnotation> ListWithAnnotationsForResourcePage(Resource resource, string syncId, string? pageToken, int pageSize)
    {
        string otherSync = tee.ToSecondaryId(syncId);
        return tee.ReadPage(
            "IGrantStore.ListWithAnnotationsForResourcePage",
            ("ListWithAnnotationsForResourcePage", resource, syncId, pageSize),
            pageToken,
            () => $"{TeeText.Of(resource)}, {TeeText.Of(syncId)}, {TeeText.Of(pageToken)}, {pageSize}",
            (s, token) => s.Grants.ListWithAnnotationsForResourcePage(resource, syncId, token, pageSize),
            (s, token) => s.Grants.ListWithAnnotationsForResourcePage(resource, otherSync, token, pageSize),
            ListComparison<GrantWithAnnotation>.Set);
    }

    public IEnumerable<GrantWithAnnotation> ListWithAnnotations() => tee.ReadStream(
        "IGrantStore.ListWithAnnotations", static () => "", static s => s.Grants.ListWithAnnotations(), static s => s.Grants.ListWithAnnotations(), ListComparison<GrantWithAnnotation>.Set);
}
