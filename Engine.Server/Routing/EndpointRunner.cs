using System;
using System.Text.Json;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Server.Diagnostics;
using Engine.Server.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engine.Server.Routing;

/// <summary>
/// Wraps each route's handler: the identity check first (401 before the body is read or any store touched), failures
/// as JSON <c>{"error", "status"}</c>, and one request count per route and status.
/// </summary>
internal static class EndpointRunner
{
    /// <summary>A route that needs a caller.</summary>
    public static RequestDelegate Authenticated(string route, Func<SyncCall, Task> handler) => http => RunAsync(http, route, async () =>
    {
        ExternalIdentity identity = CallerResolver.IdentityOf(http.User)
            ?? throw new SyncRequestException(StatusCodes.Status401Unauthorized, "unauthorized");
        await handler(new SyncCall(http, identity)).ConfigureAwait(false);
    });

    /// <summary>A route open to everyone (health, metrics).</summary>
    public static RequestDelegate Anonymous(string route, Func<HttpContext, Task> handler) => http => RunAsync(http, route, () => handler(http));

    /// <summary>Writes <c>{"error": message, "status": status}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string message) => JsonResponse.WriteAsync(http, status, json =>
    {
        json.WriteStartObject();
        json.WriteString("error", message);
        json.WriteNumber("status", status);
        json.WriteEndObject();
    });

    private static async Task RunAsync(HttpContext http, string route, Func<Task> handler)
    {
        // Counted as the headers go out, so a client that has its answer also finds it in /metrics.
        ServerMetrics metrics = http.RequestServices.GetRequiredService<ServerMetrics>();
        http.Response.OnStarting(() =>
        {
            metrics.Request(route, http.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (SyncRequestException error)
        {
            await FailAsync(http, error.Status, error.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own limits (body size, malformed framing) surface here with their status.
            await FailAsync(http, error.StatusCode, error.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(EndpointRunner).FullName!)
                .LogError(error, "{Route} failed", route);
            await FailAsync(http, StatusCodes.Status500InternalServerError, "internal server error").ConfigureAwait(false);
        }
    }

    private static async Task FailAsync(HttpContext http, int status, string message)
    {
        if (http.Response.HasStarted)
        {
            // Part of a streamed answer is out; a truncated connection is the only honest signal left.
            http.Abort();
            return;
        }

        http.Response.Clear();
        await WriteErrorAsync(http, status, message).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON document with no error, for handlers that build small answers.</summary>
    public static Task WriteOkAsync(HttpContext http, Action<Utf8JsonWriter> write) => JsonResponse.WriteAsync(http, StatusCodes.Status200OK, write);
}
