using System;
using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The keys of the workspace store's keyspaces (docs/format/gateway.md, "Users and workspaces"): the keyspace byte
/// (<see cref="GatewayKeyspace"/>), then a tuple (Engine.Core.Encoding.TupleWriter) of the key's columns, so a prefix
/// scan follows tuple order.
/// </summary>
/// <remarks>
/// Workspace operations are rare (logins, settings), so keys are built as new arrays. Callers pass only strings that
/// have a UTF-8 form (<see cref="WorkspaceRules"/> checks them). Stateless; thread-safe.
/// </remarks>
internal static partial class GatewayKeys
{
    /// <summary><c>acct</c>: provider, providerUserId.</summary>
    public static byte[] Account(string provider, string providerUserId) => Build(GatewayKeyspace.Account, provider, providerUserId);

    /// <summary><c>user</c>: userId.</summary>
    public static byte[] User(string userId) => Build(GatewayKeyspace.User, userId);

    /// <summary><c>wsp</c>: workspaceId.</summary>
    public static byte[] Workspace(string workspaceId) => Build(GatewayKeyspace.Workspace, workspaceId);

    /// <summary><c>mem</c>: workspaceId, userId.</summary>
    public static byte[] Member(string workspaceId, string userId) => Build(GatewayKeyspace.Member, workspaceId, userId);

    /// <summary>The range of every membership of one workspace.</summary>
    public static KeyRange MembersOf(string workspaceId) => Columns(Build(GatewayKeyspace.Member, workspaceId));

    /// <summary><c>umem</c>: userId, joinedAt, workspaceId.</summary>
    public static byte[] UserMembership(string userId, long joinedAt, string workspaceId)
    {
        ArrayBufferWriter<byte> buffer = Begin(GatewayKeyspace.UserMembership, userId);
        TupleWriter writer = new(buffer);
        writer.AppendInt64(joinedAt);
        writer.AppendString(workspaceId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The range of one user's memberships, which sort in join order.</summary>
    public static KeyRange MembershipsOf(string userId) => Columns(Build(GatewayKeyspace.UserMembership, userId));

    /// <summary>The prefix of a whole keyspace.</summary>
    public static byte[] KeyspacePrefix(GatewayKeyspace keyspace) => [(byte)keyspace];

    /// <summary>The workspace id of a Workspace key.</summary>
    public static string ReadWorkspaceId(ReadOnlySpan<byte> workspaceKey)
    {
        TupleReader reader = new(workspaceKey[1..]);
        return ReadString(ref reader);
    }

    /// <summary>The user id of a Member key.</summary>
    public static string ReadMemberUserId(ReadOnlySpan<byte> memberKey)
    {
        TupleReader reader = new(memberKey[1..]);
        _ = ReadString(ref reader);
        return ReadString(ref reader);
    }

    /// <summary>The join order and the workspace id of a UserMembership key.</summary>
    public static (long JoinedAt, string WorkspaceId) ReadUserMembership(ReadOnlySpan<byte> userMembershipKey)
    {
        TupleReader reader = new(userMembershipKey[1..]);
        _ = ReadString(ref reader);
        if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.Integer)
        {
            throw new CorruptionException("<gateway>", userMembershipKey, "a user-membership key has no join order");
        }

        long joinedAt = reader.GetInt64();
        return (joinedAt, ReadString(ref reader));
    }

    private static string ReadString(ref TupleReader reader)
    {
        if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
        {
            throw new CorruptionException("<gateway>", 0, "a workspace-store key lacks a string column");
        }

        return reader.GetString();
    }
}
