using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Server.Authentication;
using Engine.Server.Hosting;
using Engine.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Server;

/// <summary>
/// The real server on loopback for one test: the embedded gateway over a fresh database, Kestrel on 127.0.0.1 port 0
/// (the bound address read back from the server), development tokens <c>alice</c>, <c>bob</c> and <c>carol</c>, and
/// a fake clock the test moves.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    public const string TokensJson = """
        {"tokens": {
          "tok-alice": {"provider": "dev", "user_id": "alice", "email": "alice@example.com", "name": "Alice"},
          "tok-bob": {"provider": "dev", "user_id": "bob"},
          "tok-carol": {"provider": "dev", "user_id": "carol"}
        }}
        """;

    private readonly TempDirectory _directory;
    private readonly EmbeddedGateway _gateway;
    private readonly WebApplication _app;

    private LoopbackServer(TempDirectory directory, EmbeddedGateway gateway, WebApplication app, FakeTimeProvider time, Uri address)
    {
        _directory = directory;
        _gateway = gateway;
        _app = app;
        Time = time;
        Client = new HttpClient { BaseAddress = address };
    }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public IAuthWorkspaceStore Workspaces => _gateway.Workspaces;

    public static async Task<LoopbackServer> StartAsync(long? maxRequestBodyBytes = null)
    {
        TempDirectory directory = new("server");
        FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        EmbeddedGateway gateway = EmbeddedGateway.Open(directory.Combine("db"), time: time);
        WebApplication app = SyncServerApplication.Create(new SyncServerSetup(gateway.Gateway, gateway.Workspaces, DevTokenFile.Parse(Encoding.UTF8.GetBytes(TokensJson)))
        {
            Urls = ["http://127.0.0.1:0"],
            ConfigureOptions = maxRequestBodyBytes is long limit ? options => options.MaxRequestBodyBytes = limit : null,
        });
        await app.StartAsync();
        Uri address = SyncServerApplication.Addresses(app).Single();
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        return new LoopbackServer(directory, gateway, app, time, address);
    }

    /// <summary>Sends <paramref name="body"/> (null for none) as <paramref name="token"/> (null for no header).</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using HttpRequestMessage request = new(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await Client.SendAsync(request);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        return new Reply(response.StatusCode, bytes, response.Content.Headers.ContentType?.MediaType, response.Headers.CacheControl?.ToString());
    }

    public Task<Reply> PostAsync(string path, string? token, string body) => SendAsync(HttpMethod.Post, path, token, body);

    public Task<Reply> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>The session workspace of a token's user (their active one, created on first sight).</summary>
    public async Task<string> ActiveWorkspaceAsync(string token)
    {
        Reply reply = await GetAsync("/api/workspaces", token);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json.GetProperty("workspaces").EnumerateArray().Single(w => w.GetProperty("is_active").GetBoolean()).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _gateway.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>A response: status, raw body and its JSON.</summary>
internal sealed record Reply(HttpStatusCode Status, byte[] Body, string? MediaType, string? CacheControl)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts the JSON error shape <c>{"error", "status"}</c> with <paramref name="status"/>.</summary>
    public void AssertError(HttpStatusCode status)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/json", MediaType);
        Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(Json.GetProperty("error").GetString()));
    }
}
