using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>The workspace a user lands in (spec 2.1).</summary>
public sealed partial class EmbeddedWorkspaceStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// In order: the active workspace when it is not deleted and the user is still a member; else the earliest
    /// membership (join order) of a workspace that is not deleted, which becomes the active one; else a new
    /// "My Workspace" with the user as owner, made active, in one batch.
    /// </remarks>
    /// <exception cref="System.ArgumentNullException"><paramref name="userId"/> is null.</exception>
    /// <exception cref="SyncRequestException">404: no such user; 400: a malformed id.</exception>
    public async ValueTask<DefaultWorkspace> GetOrCreateDefaultWorkspaceAsync(string userId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        cancellationToken.ThrowIfCancellationRequested();

        // Every login asks; the common answer needs no lock.
        using (Snapshot snapshot = _database.GetSnapshot())
        {
            if (TryActive(userId, RequireUser(userId, snapshot), snapshot) is { } active)
            {
                return active;
            }
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UserRecord user = RequireUser(userId, snapshot: null);
            if (TryActive(userId, user, snapshot: null) is { } active)
            {
                return active;
            }

            if (EarliestLiveMembership(userId, excluded: null, snapshot: null) is { } earliest)
            {
                user.ActiveWorkspaceId = earliest;
                using WriteBatch repair = new();
                Put(repair, GatewayKeys.User(userId), user);
                Commit(repair);
                return new DefaultWorkspace(earliest, ReadWorkspace(earliest, snapshot: null)!.Name, Created: false);
            }

            using WriteBatch batch = new();
            string workspaceId = AddNewWorkspace(batch, userId, WorkspaceRules.DefaultWorkspaceName, description: null);
            user.ActiveWorkspaceId = workspaceId;
            Put(batch, GatewayKeys.User(userId), user);
            Commit(batch);
            return new DefaultWorkspace(workspaceId, WorkspaceRules.DefaultWorkspaceName, Created: true);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private DefaultWorkspace? TryActive(string userId, UserRecord user, Snapshot? snapshot) =>
        user.ActiveWorkspaceId is { } activeId && TryReadLiveMembership(activeId, userId, snapshot, out WorkspaceRecord workspace, out _)
            ? new DefaultWorkspace(activeId, workspace.Name, Created: false)
            : null;
}
