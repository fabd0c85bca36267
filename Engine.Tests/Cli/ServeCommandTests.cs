using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engine.Cli;
using Engine.Cli.Commands;
using Engine.Cli.Serving;
using Engine.Postgres;
using Engine.Tests.Infrastructure;
using Engine.Tests.Postgres;
using Engine.Tests.Server;

namespace Engine.Tests.Cli;

/// <summary><c>engine serve</c>: its usage errors, and real runs on loopback over an embedded store directory and over PostgreSQL.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public void Serve_WithBothOrNeitherBackend_IsAUsageError()
    {
        using TempDirectory directory = new("serve");
        string tokens = directory.Combine("tokens.json");
        File.WriteAllText(tokens, LoopbackServer.TokensJson);

        CliResult neither = CliRunner.Run("serve", "--tokens", tokens);
        CliResult both = CliRunner.Run("serve", "--store", directory.Combine("db"), "--postgres", "Host=x", "--tokens", tokens);

        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
        Assert.Contains("exactly one of --store", neither.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
    }

    [Fact]
    public void Serve_WithoutTokenFile_IsNotFound_AndCreatesNoStore()
    {
        using TempDirectory directory = new("serve");

        CliResult result = CliRunner.Run("serve", "--store", directory.Combine("db"), "--tokens", directory.Combine("missing.json"), "--urls", "http://127.0.0.1:0");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no token file", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory.Combine("db")));
    }

    [Fact]
    public async Task Serve_Store_AnswersOnLoopback_AndKeepsPushesAcrossRestarts()
    {
        using TempDirectory directory = new("serve");
        string tokens = directory.Combine("tokens.json");
        await File.WriteAllTextAsync(tokens, LoopbackServer.TokensJson);
        await AssertServesAndKeepsPushesAsync(new ServeSettings(directory.Combine("db"), null, ["http://127.0.0.1:0"], tokens));
    }

    [Fact]
    public async Task Serve_Postgres_MigratesAnEmptyDatabase_AnswersOnLoopback_AndKeepsPushesAcrossRestarts()
    {
        using TempDirectory directory = new("serve");
        string tokens = directory.Combine("tokens.json");
        await File.WriteAllTextAsync(tokens, LoopbackServer.TokensJson);
        await using PostgresDatabase database = await PostgresDatabase.CreateEmptyAsync();
        await AssertServesAndKeepsPushesAsync(new ServeSettings(null, PostgresTestCluster.ForDatabase(database.Name), ["http://127.0.0.1:0"], tokens));
        Assert.Equal(PostgresSchema.LatestVersion, await PostgresSchema.GetVersionAsync(database.DataSource));
    }

    /// <summary>Serves, pushes one op, stops; serves again from the same store and pulls that op back.</summary>
    private static async Task AssertServesAndKeepsPushesAsync(ServeSettings settings)
    {
        string workspace = await ServeOnceAsync(settings, async client =>
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            string ws = await ActiveWorkspaceAsync(client);
            HttpResponseMessage push = await client.PostAsync("/api/sync/push", Json(WireJson.Push(ws, WireJson.Op("op-1", "a", WireJson.Thread("a")))));
            Assert.Equal(HttpStatusCode.OK, push.StatusCode);
            return ws;
        });

        await ServeOnceAsync(settings, async client =>
        {
            Assert.Equal(workspace, await ActiveWorkspaceAsync(client));
            using JsonDocument pull = JsonDocument.Parse(await (await client.PostAsync("/api/sync/pull", Json(WireJson.Pull(workspace)))).Content.ReadAsStringAsync());
            Assert.Equal("op-1", pull.RootElement.GetProperty("changes")[0].GetProperty("stamp").GetProperty("op_id").GetString());
            return workspace;
        });
    }

    /// <summary>Runs the command until <paramref name="use"/> is done with a client authenticated as alice, then stops it.</summary>
    private static async Task<string> ServeOnceAsync(ServeSettings settings, Func<HttpClient, Task<string>> use)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        using CancellationTokenSource stop = new();
        TaskCompletionSource<Uri> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> run = ServeCommand.RunAsync(CliConsole.ForWriters(output, error), settings, addresses => started.SetResult(addresses.Single()), stop.Token);
        Uri address = await await Task.WhenAny(started.Task, run.ContinueWith(_ => new Uri("http://failed"), TaskScheduler.Default));
        Assert.True(started.Task.IsCompleted, $"serve ended before listening: {error}");
        string result;
        using (HttpClient client = new() { BaseAddress = address })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "tok-alice");
            result = await use(client);
        }

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run);
        Assert.Contains($"on {address}", output.ToString(), StringComparison.Ordinal);
        return result;
    }

    private static async Task<string> ActiveWorkspaceAsync(HttpClient client)
    {
        using JsonDocument list = JsonDocument.Parse(await client.GetStringAsync("/api/workspaces"));
        return list.RootElement.GetProperty("workspaces").EnumerateArray().Single(w => w.GetProperty("is_active").GetBoolean()).GetProperty("id").GetString()!;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
