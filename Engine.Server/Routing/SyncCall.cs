using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Server.Diagnostics;
using Engine.Server.Identity;
using Engine.Server.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Server.Routing;

/// <summary>One request of an authenticated route: its identity, services and body.</summary>
internal sealed class SyncCall
{
    public SyncCall(HttpContext http, ExternalIdentity identity)
    {
        Http = http;
        Identity = identity;
        Options = http.RequestServices.GetRequiredService<SyncServerOptions>();
        Metrics = http.RequestServices.GetRequiredService<ServerMetrics>();
    }

    public HttpContext Http { get; }

    /// <summary>The caller's external identity, taken from <c>HttpContext.User</c>.</summary>
    public ExternalIdentity Identity { get; }

    public SyncServerOptions Options { get; }

    public ServerMetrics Metrics { get; }

    public ISyncGateway Gateway => Http.RequestServices.GetRequiredService<ISyncGateway>();

    public IAuthWorkspaceStore Workspaces => Http.RequestServices.GetRequiredService<IAuthWorkspaceStore>();

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The body as a JSON object: 413 beyond the limit, 400 when malformed or not an object.</summary>
    private async ValueTask<JsonDocument> ReadJsonAsync()
    {
        byte[] body = await RequestBody.ReadAsync(Http, Options.MaxRequestBodyBytes, Aborted).ConfigureAwait(false);
        JsonDocument document = JsonFields.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw JsonFields.BadRequest("the body must be a JSON object");
        }

        return document;
    }

    /// <summary>The body read by <paramref name="read"/>, which sees the root object and may throw 400s.</summary>
    public async ValueTask<T> ReadAsync<T>(Func<JsonElement, T> read)
    {
        using JsonDocument body = await ReadJsonAsync().ConfigureAwait(false);
        return read(body.RootElement);
    }

    /// <summary>Our user and their session workspace; creates the user (and a default workspace) on first sight.</summary>
    public ValueTask<SyncCaller> CallerAsync() => CallerResolver.ResolveAsync(Workspaces, Identity, Aborted);
}
