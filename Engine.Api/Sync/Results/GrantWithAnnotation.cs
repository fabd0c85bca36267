using C1.Connector.V2;

namespace Engine.Api.Sync.Results;

/// <summary>A grant with its expansion side state: the annotation (null when not expandable) and the flag.</summary>
public sealed record GrantWithAnnotation(
    Grant Grant,
    GrantExpandable? Annotation,
    string GrantExternalId,
    string TargetEntitlementId,
    string PrincipalResourceTypeId,
    string PrincipalResourceId,
    bool NeedsExpansion);
