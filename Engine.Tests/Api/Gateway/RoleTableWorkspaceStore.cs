using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Engine.Api.Gateway;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// A test double of <see cref="IAuthWorkspaceStore"/> for gateway tests: a table of roles set by the test (the real
/// store has no way to add an editor or viewer before invites exist) and the workspace ids it lists. Only
/// <see cref="GetWorkspaceRoleAsync"/>, <see cref="AddMemberAsync"/> and <see cref="ListWorkspaceIdsAsync"/> are implemented; the gateway uses no
/// other member. Thread-safe.
/// </summary>
public sealed class RoleTableWorkspaceStore : IAuthWorkspaceStore
{
    private readonly ConcurrentDictionary<(string UserId, string WorkspaceId), WorkspaceRole> _roles = new();

    /// <summary>How many role look-ups the gateway made.</summary>
    public int RoleLookups => _roleLookups;

    private int _roleLookups;

    /// <summary>Workspaces listed by <see cref="ListWorkspaceIdsAsync"/>.</summary>
    public List<string> WorkspaceIds { get; } = [];

    public void Grant(string userId, string workspaceId, WorkspaceRole role) => _roles[(userId, workspaceId)] = role;

    public ValueTask<WorkspaceRole?> GetWorkspaceRoleAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _roleLookups);
        return ValueTask.FromResult(_roles.TryGetValue((userId, workspaceId), out WorkspaceRole role) ? role : (WorkspaceRole?)null);
    }

    public async IAsyncEnumerable<string> ListWorkspaceIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (string id in WorkspaceIds)
        {
            await Task.Yield();
            yield return id;
        }
    }

    public ValueTask AddMemberAsync(string ownerUserId, string workspaceId, string userId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        if (!_roles.TryGetValue((ownerUserId, workspaceId), out WorkspaceRole actor) || actor != WorkspaceRole.Owner)
        {
            throw new SyncRequestException(403, "Forbidden: insufficient workspace role");
        }

        Grant(userId, workspaceId, role);
        return ValueTask.CompletedTask;
    }

    public ValueTask<string> GetOrCreateUserAsync(ExternalIdentity identity, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<UserInfo?> GetUserAsync(string provider, string providerUserId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<DefaultWorkspace> GetOrCreateDefaultWorkspaceAsync(string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<WorkspaceSummary>> ListUserWorkspacesAsync(string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<string> CreateWorkspaceAsync(string userId, string name, string? description = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask UpdateWorkspaceAsync(string userId, string workspaceId, string name, string? description, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask RemoveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask SetActiveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
