using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli;

public sealed class GetCommandTests
{
    [Fact]
    public void GetResource_IsATableOfItsFields()
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("get", "resource", "user", "alice", "--store", store.Path);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"│ displayName\s+│ user alice\s+│", result.Out);
        Assert.Contains("parentResourceId", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resource-type", "user", "id", "user")]
    [InlineData("entitlement", "group:g1:member", "id", "group:g1:member")]
    [InlineData("grant", "group:g1:member:user:carol", "id", "group:g1:member:user:carol")]
    public void Get_AsJson_IsTheRecordsProtobufJson(string kind, string id, string field, string expected)
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("get", kind, id, "--store", store.Path, "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(expected, JsonDocument.Parse(Assert.Single(result.Lines)).RootElement.GetProperty(field).GetString());
    }

    [Fact]
    public void Get_ARecordOfAnotherSync_IsNotFound_UnlessThatSyncIsNamed()
    {
        using CliStore store = new();
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("get", "grant", "group:g1:member:user:carol", "--store", store.Path, "--sync", store.FirstSync).ExitCode);
        CliResult missing = CliRunner.Run("get", "resource", "user", "dave", "--store", store.Path);
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Empty(missing.Out);
        Assert.Single(missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("get", "resource", "user", "--store", store.Path).ExitCode);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("get", "entitlement", "x", "--store", store.Combine("absent")).ExitCode);
    }
}
