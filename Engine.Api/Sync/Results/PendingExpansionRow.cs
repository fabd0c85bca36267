using C1.Connector.V2;

namespace Engine.Api.Sync.Results;

/// <summary>A grant waiting for expansion, read without decoding the grant's blob.</summary>
public sealed record PendingExpansionRow(
    string GrantExternalId,
    string TargetEntitlementId,
    string PrincipalResourceTypeId,
    string PrincipalResourceId,
    GrantExpandable Annotation,
    bool NeedsExpansion);
