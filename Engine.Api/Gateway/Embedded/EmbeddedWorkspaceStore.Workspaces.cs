using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>Creating, renaming, listing and switching workspaces.</summary>
public sealed partial class EmbeddedWorkspaceStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// The workspace, the owner membership and its join-order entry are one batch; the user's active workspace does not
    /// change. Name and description follow <see cref="WorkspaceRules"/>: trimmed, a name of 1 to 256 characters, a
    /// description of at most 4,096 (empty means none).
    /// </remarks>
    /// <exception cref="System.ArgumentNullException"><paramref name="userId"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="SyncRequestException">400: an empty or too long name, a too long description, a malformed id; 404: no such user.</exception>
    public async ValueTask<string> CreateWorkspaceAsync(string userId, string name, string? description = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        string trimmedName = WorkspaceRules.Name(name);
        string? trimmedDescription = WorkspaceRules.Description(description);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = RequireUser(userId, snapshot: null);
            using WriteBatch batch = new();
            string workspaceId = AddNewWorkspace(batch, userId, trimmedName, trimmedDescription);
            Commit(batch);
            return workspaceId;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Sets the name and the description (null clears it), with the rules of <see cref="CreateWorkspaceAsync"/>.</remarks>
    /// <exception cref="System.ArgumentNullException">An argument other than <paramref name="description"/> is null.</exception>
    /// <exception cref="SyncRequestException">400: a bad name or description; 403: a viewer, a non-member, or a deleted or unknown workspace.</exception>
    public async ValueTask UpdateWorkspaceAsync(string userId, string workspaceId, string name, string? description, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        string trimmedName = WorkspaceRules.Name(name);
        string? trimmedDescription = WorkspaceRules.Description(description);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!TryReadLiveMembership(workspaceId, userId, snapshot: null, out WorkspaceRecord workspace, out MemberRecord member) ||
                member.Role < WorkspaceRole.Editor)
            {
                WorkspaceRules.Forbidden(WorkspaceRules.InsufficientRoleMessage);
            }

            workspace.Name = trimmedName;
            workspace.Description = trimmedDescription;
            using WriteBatch batch = new();
            Put(batch, GatewayKeys.Workspace(workspaceId), workspace);
            Commit(batch);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SyncRequestException">400: a malformed id.</exception>
    public ValueTask<WorkspaceRole?> GetWorkspaceRoleAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        cancellationToken.ThrowIfCancellationRequested();
        using Snapshot snapshot = _database.GetSnapshot();
        return ValueTask.FromResult(RoleOf(userId, workspaceId, snapshot));
    }

    /// <inheritdoc/>
    /// <exception cref="System.ArgumentNullException"><paramref name="userId"/> is null.</exception>
    /// <exception cref="SyncRequestException">404: no such user; 400: a malformed id.</exception>
    public ValueTask<IReadOnlyList<WorkspaceSummary>> ListUserWorkspacesAsync(string userId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        cancellationToken.ThrowIfCancellationRequested();
        using Snapshot snapshot = _database.GetSnapshot();
        UserRecord user = RequireUser(userId, snapshot);
        List<WorkspaceSummary> summaries = [];
        foreach ((_, string workspaceId) in MembershipsInJoinOrder(userId, snapshot))
        {
            if (TryReadLiveMembership(workspaceId, userId, snapshot, out WorkspaceRecord workspace, out MemberRecord member))
            {
                summaries.Add(new WorkspaceSummary(
                    workspaceId, workspace.Name, workspace.Description, member.Role, workspace.CreatedAt, workspaceId == user.ActiveWorkspaceId));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<WorkspaceSummary>>(summaries);
    }

    /// <inheritdoc/>
    /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SyncRequestException">404: no such user; 403: not a member, or the workspace is deleted or unknown; 400: a malformed id.</exception>
    public async ValueTask SetActiveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UserRecord user = RequireUser(userId, snapshot: null);
            if (!TryReadLiveMembership(workspaceId, userId, snapshot: null, out _, out _))
            {
                WorkspaceRules.Forbidden(WorkspaceRules.NotAMemberMessage);
            }

            user.ActiveWorkspaceId = workspaceId;
            using WriteBatch batch = new();
            Put(batch, GatewayKeys.User(userId), user);
            Commit(batch);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>In id order, read at one snapshot taken when the enumeration starts.</remarks>
    public IAsyncEnumerable<string> ListWorkspaceIdsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return LiveWorkspaceIds(cancellationToken).ToAsyncEnumerable();
    }

    private IEnumerable<string> LiveWorkspaceIds(CancellationToken cancellationToken)
    {
        using Snapshot snapshot = _database.GetSnapshot();
        foreach (KeyValuePair<byte[], byte[]> entry in _database.Scan(KeyRange.Prefix(GatewayKeys.KeyspacePrefix(GatewayKeyspace.Workspace)), snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!GatewayRecords.Parse<WorkspaceRecord>(entry.Key, entry.Value).Deleted)
            {
                yield return GatewayKeys.ReadWorkspaceId(entry.Key);
            }
        }
    }

    /// <summary>Adds a new workspace owned by <paramref name="userId"/> to <paramref name="batch"/>: the workspace, the membership and its join-order entry.</summary>
    private string AddNewWorkspace(WriteBatch batch, string userId, string name, string? description)
    {
        long now = Now();
        string workspaceId = NewId();
        Put(batch, GatewayKeys.Workspace(workspaceId), new WorkspaceRecord { Name = name, Description = description, OwnerUserId = userId, CreatedAt = now });
        AddMembership(batch, workspaceId, userId, WorkspaceRole.Owner, now);
        return workspaceId;
    }

    /// <summary>Adds a new membership and its join-order entry to <paramref name="batch"/>.</summary>
    private void AddMembership(WriteBatch batch, string workspaceId, string userId, WorkspaceRole role, long now)
    {
        long joinedAt = NextJoinedAt(userId, now);
        Put(batch, GatewayKeys.Member(workspaceId, userId), new MemberRecord { Role = role, CreatedAt = now, JoinedAt = joinedAt });
        batch.Put(GatewayKeys.UserMembership(userId, joinedAt, workspaceId), []);
    }
}
