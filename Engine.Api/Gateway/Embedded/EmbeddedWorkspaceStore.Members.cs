using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.Gateway.Embedded;

/// <summary>Adding members and changing their roles.</summary>
public sealed partial class EmbeddedWorkspaceStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// A new member joins after every membership they already have; an existing member keeps their place in the join
    /// order and gets the new role. The membership and its join-order entry are one batch; the member's active
    /// workspace does not change.
    /// </remarks>
    /// <exception cref="System.ArgumentNullException">An id is null.</exception>
    /// <exception cref="SyncRequestException">
    /// 400: an undefined role, a malformed id, or the owner changing their own role; 403: the acting user is not the
    /// owner, or the workspace is deleted or unknown; 404: no such user to add.
    /// </exception>
    public async ValueTask AddMemberAsync(string ownerUserId, string workspaceId, string userId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(ownerUserId, nameof(ownerUserId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Role(role);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (RoleOf(ownerUserId, workspaceId, snapshot: null) != WorkspaceRole.Owner)
            {
                WorkspaceRules.Forbidden(WorkspaceRules.OnlyOwnerManagesMembersMessage);
            }

            _ = RequireUser(userId, snapshot: null);
            if (userId == ownerUserId)
            {
                if (role != WorkspaceRole.Owner)
                {
                    // A workspace whose only owner demoted themselves could never be removed or managed again.
                    WorkspaceRules.BadRequest("an owner cannot change their own role");
                }

                return;
            }

            using WriteBatch batch = new();
            if (ReadMember(workspaceId, userId, snapshot: null) is { } existing)
            {
                existing.Role = role;
                Put(batch, GatewayKeys.Member(workspaceId, userId), existing);
            }
            else
            {
                AddMembership(batch, workspaceId, userId, role, Now());
            }

            Commit(batch);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
