using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresWorkspaceStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// A new member joins after every membership they already have (the join sequence); an existing member keeps their
    /// place and gets the new role. The member's active workspace does not change.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An id is null.</exception>
    /// <exception cref="SyncRequestException">
    /// 400: an undefined role, a malformed id, or the owner changing their own role; 403: the acting user is not the
    /// owner, or the workspace is deleted or unknown; 404: no such user to add.
    /// </exception>
    public async ValueTask AddMemberAsync(string ownerUserId, string workspaceId, string userId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(ownerUserId, nameof(ownerUserId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Role(role);
        await InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                if (await LiveRoleAsync(connection, transaction, workspaceId, ownerUserId, ct).ConfigureAwait(false) != WorkspaceRole.Owner)
                {
                    WorkspaceRules.Forbidden(WorkspaceRules.OnlyOwnerManagesMembersMessage);
                }

                await RequireUserAsync(connection, transaction, userId, ct).ConfigureAwait(false);
                if (string.Equals(userId, ownerUserId, StringComparison.Ordinal))
                {
                    if (role != WorkspaceRole.Owner)
                    {
                        // A workspace whose only owner demoted themselves could never be removed or managed again.
                        WorkspaceRules.BadRequest("an owner cannot change their own role");
                    }

                    return 0;
                }

                await ExecuteAsync(
                    connection, transaction, ct,
                    Command(
                        """
                        INSERT INTO workspace_members (ws, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (ws, user_id) DO UPDATE SET role = EXCLUDED.role
                        """,
                        workspaceId, userId, (short)role, NowMs)).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
