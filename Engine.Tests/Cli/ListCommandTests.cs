using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli;

public sealed class ListCommandTests
{
    [Fact]
    public void ListResources_IsATableOfTheLatestSync()
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("list", "resources", "--store", store.Path);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("carol", result.Out, StringComparison.Ordinal);
        Assert.Contains("org/o1", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void List_AsJson_IsOneLinePerRecord_AndAnOlderSyncOnRequest()
    {
        using CliStore store = new();
        CliResult latest = CliRunner.Run("list", "grants", "--store", store.Path, "--json");
        Assert.Equal(3, latest.Lines.Length);
        Assert.All(latest.Lines, line => Assert.StartsWith("group:g1:member:user:", JsonDocument.Parse(line).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal));

        CliResult first = CliRunner.Run("list", "grants", "--store", store.Path, "--sync", store.FirstSync, "--json");
        Assert.Equal(2, first.Lines.Length);
        Assert.Equal(3, CliRunner.Run("list", "resource-types", "--store", store.Path, "--json").Lines.Length);
        Assert.Single(CliRunner.Run("list", "entitlements", "--store", store.Path, "--json").Lines);
    }

    [Fact]
    public void List_OnePageAtATime_PrintsTheToken_AndAllFollowsIt()
    {
        using CliStore store = new();
        CliResult page = CliRunner.Run("list", "resources", "--store", store.Path, "--page-size", "2", "--json");
        Assert.Equal(3, page.Lines.Length);
        string token = JsonDocument.Parse(page.Lines[^1]).RootElement.GetProperty("nextPageToken").GetString()!;
        Assert.NotEmpty(token);

        CliResult next = CliRunner.Run("list", "resources", "--store", store.Path, "--page-size", "2", "--page-token", token, "--json");
        Assert.Equal(3, next.Lines.Length);
        Assert.DoesNotContain(JsonDocument.Parse(next.Lines[0]).RootElement.GetProperty("id").GetProperty("resource").GetString()!, page.Out, StringComparison.Ordinal);

        CliResult all = CliRunner.Run("list", "resources", "--store", store.Path, "--page-size", "2", "--all", "--json");
        Assert.Equal(5, all.Lines.Length);
        Assert.All(all.Lines, line => Assert.False(JsonDocument.Parse(line).RootElement.TryGetProperty("nextPageToken", out _)));

        CliResult table = CliRunner.Run("list", "resources", "--store", store.Path, "--page-size", "2");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("--page-token ", table.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resources", "--type", "user", 3)]
    [InlineData("resources", "--parent", "org/o1", 4)]
    [InlineData("entitlements", "--resource", "group/g1", 1)]
    [InlineData("entitlements", "--resource", "group/g2", 0)]
    [InlineData("grants", "--entitlement", "group:g1:member", 3)]
    [InlineData("grants", "--principal", "user/alice", 1)]
    [InlineData("grants", "--resource-type", "group", 3)]
    [InlineData("grants", "--resource", "group/g1", 3)]
    [InlineData("grants", "--resource", "user/alice", 0)]
    public void List_Filters_SelectTheirRecords(string kind, string option, string value, int expected)
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("list", kind, "--store", store.Path, option, value, "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(expected, result.Lines.Length);
    }

    [Fact]
    public void ListGrants_ByPrincipalAndEntitlement_Combine()
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("list", "grants", "--store", store.Path, "--principal", "user/bob", "--entitlement", "group:g1:member", "--json");
        Assert.Equal("group:g1:member:user:bob", JsonDocument.Parse(Assert.Single(result.Lines)).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void List_Errors()
    {
        using CliStore store = new();
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("list", "resources", "--store", store.Path, "--parent", "no-slash").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("list", "resources", "--store", store.Path, "--page-size", "-1").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("list", "resources", "--store", store.Path, "--page-token", "garbage!").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("list", "grants", "--store", store.Path, "--resource-type", "group", "--principal", "user/bob").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("list", "widgets", "--store", store.Path).ExitCode);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("list", "resources", "--store", store.Path, "--sync", "2aaaaaaaaaaaaaaaaaaaaaaaaaa").ExitCode);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("list", "resources", "--store", store.Combine("absent")).ExitCode);
    }
}
