using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.Gateway;

/// <summary>
/// Users, their external identities, workspaces and memberships (spec sync-gateway.md section 2, with the rules of
/// section 4). Each operation is atomic; refusals are <see cref="SyncRequestException"/>s (403 for an insufficient
/// role or a non-member, 404 for an unknown user or workspace, 400 for a malformed argument). Thread-safe.
/// </summary>
public interface IAuthWorkspaceStore
{
    /// <summary>The user of an identity, created on first sight; idempotent under concurrent calls.</summary>
    ValueTask<string> GetOrCreateUserAsync(ExternalIdentity identity, CancellationToken cancellationToken = default);

    /// <summary>The user of an identity, or null.</summary>
    ValueTask<UserInfo?> GetUserAsync(string provider, string providerUserId, CancellationToken cancellationToken = default);

    /// <summary>The user's active workspace if valid, else their earliest membership (repairing the pointer), else a new "My Workspace".</summary>
    ValueTask<DefaultWorkspace> GetOrCreateDefaultWorkspaceAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The user's role in a workspace that is not deleted, or null.</summary>
    ValueTask<WorkspaceRole?> GetWorkspaceRoleAsync(string userId, string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The user's workspaces that are not deleted, in join order.</summary>
    ValueTask<IReadOnlyList<WorkspaceSummary>> ListUserWorkspacesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Creates a workspace with the user as owner; returns its id.</summary>
    ValueTask<string> CreateWorkspaceAsync(string userId, string name, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>Renames a workspace; owner or editor.</summary>
    ValueTask UpdateWorkspaceAsync(string userId, string workspaceId, string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes a workspace (owner only) and moves every member whose active workspace it was to their earliest remaining one, or none.</summary>
    ValueTask RemoveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Sets the user's active workspace; it must be one they are a member of and not deleted.</summary>
    ValueTask SetActiveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="userId"/> to a workspace with <paramref name="role"/>, or changes an existing member's role;
    /// <paramref name="ownerUserId"/> must be its owner (<c>users.manage</c>).
    /// </summary>
    ValueTask AddMemberAsync(string ownerUserId, string workspaceId, string userId, WorkspaceRole role, CancellationToken cancellationToken = default);

    /// <summary>The ids of the workspaces that are not deleted.</summary>
    IAsyncEnumerable<string> ListWorkspaceIdsAsync(CancellationToken cancellationToken = default);
}
