namespace Engine.Api.Gateway;

/// <summary>An identity from an external provider; (provider, provider user id) names one user.</summary>
/// <param name="Provider">The identity provider, e.g. <c>"clerk"</c>.</param>
/// <param name="ProviderUserId">The user's id at the provider.</param>
/// <param name="Email">The email, if known.</param>
/// <param name="DisplayName">The display name, if known.</param>
public sealed record ExternalIdentity(string Provider, string ProviderUserId, string? Email = null, string? DisplayName = null);

/// <summary>A user as the store keeps them.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The email, if known.</param>
/// <param name="DisplayName">The display name, if known.</param>
/// <param name="ActiveWorkspaceId">The user's active workspace, if any.</param>
public sealed record UserInfo(string UserId, string? Email, string? DisplayName, string? ActiveWorkspaceId);

/// <summary>A workspace as one of its members sees it.</summary>
/// <param name="Id">The workspace id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Its description.</param>
/// <param name="Role">The member's role.</param>
/// <param name="CreatedAt">When it was created, Unix milliseconds.</param>
/// <param name="IsActive">Whether it is the member's active workspace.</param>
public sealed record WorkspaceSummary(string Id, string Name, string? Description, WorkspaceRole Role, long CreatedAt, bool IsActive);

/// <summary>The workspace a user lands in.</summary>
/// <param name="WorkspaceId">The workspace id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Created">Whether this call created it.</param>
public sealed record DefaultWorkspace(string WorkspaceId, string Name, bool Created);
