using System;
using Microsoft.AspNetCore.Routing;

namespace Engine.Server;

/// <summary>
/// Maps the sync gateway's HTTP routes (the reference's, with snake_case JSON) onto an endpoint route builder. The
/// services come from DI: <see cref="Engine.Api.Gateway.ISyncGateway"/>, <see cref="Engine.Api.Gateway.IAuthWorkspaceStore"/>
/// and what <see cref="SyncServerServiceCollectionExtensions.AddSyncServer"/> registers.
/// </summary>
/// <remarks>
/// <para>
/// Routes: <c>POST /api/sync/push</c>, <c>/pull</c>, <c>/snapshot</c>, <c>/update-cursor</c>, <c>/gc-change-log</c>,
/// <c>/gc-tombstones</c>; <c>GET /api/sync/capabilities</c>; <c>GET</c> and <c>POST /api/workspaces</c>,
/// <c>PATCH</c> and <c>DELETE /api/workspaces/{id}</c>, <c>POST /api/workspaces/active</c>.
/// </para>
/// <para>
/// The caller is <c>HttpContext.User</c> (claims as <see cref="Identity.SyncClaimTypes"/> lists; authentication is the
/// host's): none is 401 before the body is read. The caller's session workspace is their active workspace. Request
/// failures answer <c>{"error", "status"}</c>: 400 for malformed JSON or a wrong field type, 413 for a body beyond
/// <see cref="SyncServerOptions.MaxRequestBodyBytes"/>, and the gateway's own statuses (403, 404, 409, 410, ...).
/// </para>
/// </remarks>
public static partial class SyncGatewayEndpoints
{
    /// <summary>Maps the sync and workspace routes; returns <paramref name="endpoints"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapSyncGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        MapSyncRoutes(endpoints);
        MapWorkspaceRoutes(endpoints);
        return endpoints;
    }

    /// <summary>
    /// Maps <c>GET /healthz</c> (<c>{"status": "ok"}</c>) and <c>GET /metrics</c> (request counts per route and status,
    /// push and pull op counts, as JSON); both answer without authentication.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapSyncServerDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        MapDiagnosticRoutes(endpoints);
        return endpoints;
    }
}
