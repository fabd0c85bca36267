namespace Engine.Api.Gateway;

/// <summary>Who is calling: the authenticated user and the workspace their session is in.</summary>
/// <param name="UserId">The user's id; null for an unauthenticated caller (401 on every call).</param>
/// <param name="SessionWorkspaceId">The session's active workspace; a call scoped to another gets 403.</param>
public sealed record SyncCaller(string? UserId, string? SessionWorkspaceId);
