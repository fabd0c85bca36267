using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>Removing a workspace: a soft delete that re-homes every member whose active workspace it was (spec 2.1, 4).</summary>
public sealed partial class EmbeddedWorkspaceStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// One batch holds the soft delete (<c>Deleted</c>, <c>DeletedAt</c>) and, for every member whose active workspace
    /// it was, the move to that member's earliest remaining membership (join order) of a workspace that is not deleted,
    /// or to none. Only members can have it active (<see cref="SetActiveWorkspaceAsync"/> requires membership), so
    /// walking the members finds every affected user. Memberships stay, so the workspace's history keeps its roles.
    /// </remarks>
    /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SyncRequestException">403: the user is not its owner, or it is deleted or unknown; 400: a malformed id.</exception>
    public async ValueTask RemoveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!TryReadLiveMembership(workspaceId, userId, snapshot: null, out WorkspaceRecord workspace, out MemberRecord member) ||
                member.Role != WorkspaceRole.Owner)
            {
                WorkspaceRules.Forbidden(WorkspaceRules.OnlyOwnerRemovesMessage);
            }

            using WriteBatch batch = new();
            workspace.Deleted = true;
            workspace.DeletedAt = Now();
            Put(batch, GatewayKeys.Workspace(workspaceId), workspace);
            foreach (KeyValuePair<byte[], byte[]> entry in _database.Scan(GatewayKeys.MembersOf(workspaceId)))
            {
                string memberId = GatewayKeys.ReadMemberUserId(entry.Key);
                UserRecord? user = ReadUser(memberId, snapshot: null);
                if (user is not null && user.ActiveWorkspaceId == workspaceId)
                {
                    user.ActiveWorkspaceId = EarliestLiveMembership(memberId, excluded: workspaceId, snapshot: null);
                    Put(batch, GatewayKeys.User(memberId), user);
                }
            }

            Commit(batch);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
