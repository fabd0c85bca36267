using System.Net;
using System.Text.Json;

namespace Engine.Tests.Server;

/// <summary>The workspace routes through real HTTP on loopback.</summary>
public sealed class WorkspaceRoutesTests
{
    private const string Alice = "tok-alice";
    private const string Bob = "tok-bob";

    [Fact]
    public async Task FirstCall_GivesTheUserAnActiveDefaultWorkspaceTheyOwn()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();

        Reply list = await server.GetAsync("/api/workspaces", Alice);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        JsonElement workspace = list.Json.GetProperty("workspaces").EnumerateArray().Single();
        Assert.Equal("My Workspace", workspace.GetProperty("name").GetString());
        Assert.Equal("owner", workspace.GetProperty("role").GetString());
        Assert.True(workspace.GetProperty("is_active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, workspace.GetProperty("description").ValueKind);
        Assert.Equal(server.Time.GetUtcNow().ToUnixTimeMilliseconds(), workspace.GetProperty("created_at").GetInt64());
        Assert.Equal("alice@example.com", (await server.Workspaces.GetUserAsync("dev", "alice"))!.Email);
    }

    [Fact]
    public async Task Create_Update_SetActive_Remove_AsTheReferenceAnswers()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string home = await server.ActiveWorkspaceAsync(Alice);
        server.Time.Advance(TimeSpan.FromSeconds(1));

        Reply created = await server.PostAsync("/api/workspaces", Alice, """{"name":"  Team  ","description":"d"}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        string team = created.Json.GetProperty("id").GetString()!;

        Reply updated = await server.SendAsync(HttpMethod.Patch, $"/api/workspaces/{team}", Alice, """{"name":"Team 2","description":""}""");
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.True(updated.Json.GetProperty("ok").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/api/workspaces/active", Alice, $$"""{"id":"{{team}}"}""")).Status);
        JsonElement[] listed = [.. (await server.GetAsync("/api/workspaces", Alice)).Json.GetProperty("workspaces").EnumerateArray()];
        Assert.Equal([team, home], listed.Select(w => w.GetProperty("id").GetString()));
        Assert.Equal("Team 2", listed[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("description").ValueKind);
        Assert.True(listed[0].GetProperty("is_active").GetBoolean());
        Assert.Equal(team, await server.ActiveWorkspaceAsync(Alice));

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"/api/workspaces/{team}", Alice)).Status);
        Assert.Equal(home, await server.ActiveWorkspaceAsync(Alice));
        (await server.PostAsync("/api/workspaces/active", Alice, $$"""{"id":"{{team}}"}""")).AssertError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NonMember_CannotRenameRemoveOrActivate_Is403()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string alices = await server.ActiveWorkspaceAsync(Alice);

        (await server.SendAsync(HttpMethod.Patch, $"/api/workspaces/{alices}", Bob, """{"name":"mine"}""")).AssertError(HttpStatusCode.Forbidden);
        (await server.SendAsync(HttpMethod.Delete, $"/api/workspaces/{alices}", Bob)).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/workspaces/active", Bob, $$"""{"id":"{{alices}}"}""")).AssertError(HttpStatusCode.Forbidden);

        Assert.Equal("My Workspace", (await server.GetAsync("/api/workspaces", Alice)).Json.GetProperty("workspaces")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task OverlongName_Is400()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();

        (await server.PostAsync("/api/workspaces", Alice, $$"""{"name":"{{new string('n', 101)}}"}""")).AssertError(HttpStatusCode.BadRequest);
        (await server.PostAsync("/api/workspaces", Alice, $$"""{"name":"n","description":"{{new string('d', 1001)}}"}""")).AssertError(HttpStatusCode.BadRequest);
    }
}
