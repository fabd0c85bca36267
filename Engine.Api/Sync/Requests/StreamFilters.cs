namespace Engine.Api.Sync.Requests;

/// <summary>What <see cref="ISyncReader.StreamGrants"/> yields: grants matching every filter that is set.</summary>
public sealed record GrantStreamFilter
{
    /// <summary>Only grants of this entitlement id, when not empty.</summary>
    public string? EntitlementId { get; init; }

    /// <summary>Only grants to principals of this type, when not empty.</summary>
    public string? PrincipalResourceTypeId { get; init; }

    /// <summary>Only grants to principals with this id, when not empty.</summary>
    public string? PrincipalResourceId { get; init; }

    /// <summary>Puts the stored <c>GrantExpandable</c> annotation back into expandable grants.</summary>
    public bool IncludeExpansion { get; init; }
}
