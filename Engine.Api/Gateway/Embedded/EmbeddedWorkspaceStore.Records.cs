using System.Collections.Generic;
using Engine.Api.Gateway.Embedded.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>Reads of stored records, at a snapshot or at the latest state (null), and the checks built on them.</summary>
public sealed partial class EmbeddedWorkspaceStore
{
    private T? Read<T>(byte[] key, Snapshot? snapshot)
        where T : class, IVersionedRecord => GatewayRecords.Get<T>(_database, key, snapshot);

    private UserRecord? ReadUser(string userId, Snapshot? snapshot) => Read<UserRecord>(GatewayKeys.User(userId), snapshot);

    private UserRecord RequireUser(string userId, Snapshot? snapshot)
    {
        UserRecord? user = ReadUser(userId, snapshot);
        if (user is null)
        {
            WorkspaceRules.UnknownUser(userId);
        }

        return user;
    }

    private WorkspaceRecord? ReadWorkspace(string workspaceId, Snapshot? snapshot) =>
        Read<WorkspaceRecord>(GatewayKeys.Workspace(workspaceId), snapshot);

    private MemberRecord? ReadMember(string workspaceId, string userId, Snapshot? snapshot) =>
        Read<MemberRecord>(GatewayKeys.Member(workspaceId, userId), snapshot);

    /// <summary>The workspace and the user's membership when the workspace is not deleted and the user belongs to it.</summary>
    private bool TryReadLiveMembership(string workspaceId, string userId, Snapshot? snapshot, out WorkspaceRecord workspace, out MemberRecord member)
    {
        WorkspaceRecord? stored = ReadWorkspace(workspaceId, snapshot);
        MemberRecord? membership = stored is { Deleted: false } ? ReadMember(workspaceId, userId, snapshot) : null;
        workspace = stored!;
        member = membership!;
        return membership is not null;
    }

    /// <summary>The user's role in a workspace that is not deleted, or null.</summary>
    private WorkspaceRole? RoleOf(string userId, string workspaceId, Snapshot? snapshot) =>
        TryReadLiveMembership(workspaceId, userId, snapshot, out _, out MemberRecord member) ? member.Role : null;

    /// <summary>The user's memberships in join order, deleted workspaces included.</summary>
    private IEnumerable<(long JoinedAt, string WorkspaceId)> MembershipsInJoinOrder(string userId, Snapshot? snapshot)
    {
        foreach (KeyValuePair<byte[], byte[]> entry in _database.Scan(GatewayKeys.MembershipsOf(userId), snapshot))
        {
            yield return GatewayKeys.ReadUserMembership(entry.Key);
        }
    }

    /// <summary>The user's earliest membership of a workspace that is not deleted, other than <paramref name="excluded"/>, or null.</summary>
    private string? EarliestLiveMembership(string userId, string? excluded, Snapshot? snapshot)
    {
        foreach ((_, string workspaceId) in MembershipsInJoinOrder(userId, snapshot))
        {
            if (workspaceId != excluded && TryReadLiveMembership(workspaceId, userId, snapshot, out _, out _))
            {
                return workspaceId;
            }
        }

        return null;
    }

    /// <summary>The join order of a membership the user makes now: strictly after every membership they have.</summary>
    private long NextJoinedAt(string userId, long now)
    {
        using DatabaseIterator iterator = _database.NewIterator(new ReadOptions { Range = GatewayKeys.MembershipsOf(userId) });
        iterator.Last();
        if (!iterator.Valid)
        {
            return now;
        }

        long latest = GatewayKeys.ReadUserMembership(iterator.Key).JoinedAt;
        return latest < now ? now : latest + 1;
    }
}
