using Engine.Api.Gateway.Embedded;

namespace Engine.Tests.Api.Gateway;

/// <summary>The workspace store's keys: ranges hold exactly the keys of their leading columns, and keys read back.</summary>
[Trait("Category", "Unit")]
public sealed class GatewayKeysWorkspaceTests
{
    [Fact]
    public void MembershipsOf_HoldsTheUsersKeys_AndNotThoseOfAnIdItIsAPrefixOf()
    {
        Assert.True(GatewayKeys.MembershipsOf("a").Contains(GatewayKeys.UserMembership("a", long.MaxValue, "\uFFFF")));
        Assert.True(GatewayKeys.MembershipsOf("a").Contains(GatewayKeys.UserMembership("a", 0, "")));
        Assert.False(GatewayKeys.MembershipsOf("a").Contains(GatewayKeys.UserMembership("a\0b", 1, "w")));
        Assert.False(GatewayKeys.MembershipsOf("a").Contains(GatewayKeys.UserMembership("ab", 1, "w")));
    }

    [Fact]
    public void MembersOf_HoldsTheWorkspacesKeys_AndNotThoseOfAnIdItIsAPrefixOf()
    {
        Assert.True(GatewayKeys.MembersOf("w").Contains(GatewayKeys.Member("w", "\uFFFF")));
        Assert.False(GatewayKeys.MembersOf("w").Contains(GatewayKeys.Member("w\0x", "u")));
    }

    [Fact]
    public void UserMembership_IsLaidOutAsDocumented()
    {
        // docs/format/gateway.md, "Users and workspaces": the umem key of user "u1" joined at 1764590400000 to "w1".
        byte[] expected = Convert.FromHexString("24" + "02753100" + "1A019AD9C8B200" + "02773100");

        Assert.Equal(expected, GatewayKeys.UserMembership("u1", 1_764_590_400_000, "w1"));
    }

    [Fact]
    public void Keys_ReadBackTheirColumns_AndJoinOrderSortsNumerically()
    {
        Assert.Equal((1_700_000_000_123L, "ws"), GatewayKeys.ReadUserMembership(GatewayKeys.UserMembership("u", 1_700_000_000_123L, "ws")));
        Assert.Equal("u\0v", GatewayKeys.ReadMemberUserId(GatewayKeys.Member("w", "u\0v")));
        Assert.Equal("ws", GatewayKeys.ReadWorkspaceId(GatewayKeys.Workspace("ws")));
        Assert.True(GatewayKeys.UserMembership("u", 9, "z").AsSpan().SequenceCompareTo(GatewayKeys.UserMembership("u", 10, "a")) < 0);
    }

    [Fact]
    public void WorkspaceRanges_HoldExactlyTheirWorkspace_NotOneWhoseIdExtendsItPastAZero()
    {
        const string Other = "a\0b";
        Assert.True(GatewayKeys.ChangeLogRange("a").Contains(GatewayKeys.ChangeLog("a", 1)));
        Assert.False(GatewayKeys.ChangeLogRange("a").Contains(GatewayKeys.ChangeLog(Other, 1)));
        Assert.False(GatewayKeys.WorkspaceRange(GatewayKeyspace.Row, "a").Contains(GatewayKeys.Row(Other, "t", "pk")));
        Assert.True(GatewayKeys.WorkspaceRange(GatewayKeyspace.Row, "a").Contains(GatewayKeys.Row("a", "t", "pk")));
        Assert.False(GatewayKeys.MembersOf("a").Contains(GatewayKeys.Member(Other, "u")));
        Assert.False(GatewayKeys.MembershipsOf("a").Contains(GatewayKeys.UserMembership(Other, 1, "w")));
    }
}
