using Engine.Api.Gateway.Embedded;

namespace Engine.Tests.Api.Gateway;

/// <summary>The workspace store's keys: ranges hold exactly the keys of their leading columns, and keys read back.</summary>
[Trait("Category", "Unit")]
public sealed class WorkspaceKeysTests
{
    [Fact]
    public void MembershipsOf_HoldsTheUsersKeys_AndNotThoseOfAnIdItIsAPrefixOf()
    {
        Assert.True(WorkspaceKeys.MembershipsOf("a").Contains(WorkspaceKeys.UserMembership("a", long.MaxValue, "\uFFFF")));
        Assert.True(WorkspaceKeys.MembershipsOf("a").Contains(WorkspaceKeys.UserMembership("a", 0, "")));
        Assert.False(WorkspaceKeys.MembershipsOf("a").Contains(WorkspaceKeys.UserMembership("a\0b", 1, "w")));
        Assert.False(WorkspaceKeys.MembershipsOf("a").Contains(WorkspaceKeys.UserMembership("ab", 1, "w")));
    }

    [Fact]
    public void MembersOf_HoldsTheWorkspacesKeys_AndNotThoseOfAnIdItIsAPrefixOf()
    {
        Assert.True(WorkspaceKeys.MembersOf("w").Contains(WorkspaceKeys.Member("w", "\uFFFF")));
        Assert.False(WorkspaceKeys.MembersOf("w").Contains(WorkspaceKeys.Member("w\0x", "u")));
    }

    [Fact]
    public void UserMembership_IsLaidOutAsDocumented()
    {
        // docs/format/gateway.md, "Users and workspaces": the umem key of user "u1" joined at 1764590400000 to "w1".
        byte[] expected = Convert.FromHexString("24" + "02753100" + "1A019AD9C8B200" + "02773100");

        Assert.Equal(expected, WorkspaceKeys.UserMembership("u1", 1_764_590_400_000, "w1"));
    }

    [Fact]
    public void Keys_ReadBackTheirColumns_AndJoinOrderSortsNumerically()
    {
        Assert.Equal((1_700_000_000_123L, "ws"), WorkspaceKeys.ReadUserMembership(WorkspaceKeys.UserMembership("u", 1_700_000_000_123L, "ws")));
        Assert.Equal("u\0v", WorkspaceKeys.ReadMemberUserId(WorkspaceKeys.Member("w", "u\0v")));
        Assert.Equal("ws", WorkspaceKeys.ReadWorkspaceId(WorkspaceKeys.Workspace("ws")));
        Assert.True(WorkspaceKeys.UserMembership("u", 9, "z").AsSpan().SequenceCompareTo(WorkspaceKeys.UserMembership("u", 10, "a")) < 0);
    }
}
