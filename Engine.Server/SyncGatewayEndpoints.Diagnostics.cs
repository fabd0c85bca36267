using System.Threading.Tasks;
using Engine.Server.Diagnostics;
using Engine.Server.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Server;

/// <summary>The health and metrics routes.</summary>
public static partial class SyncGatewayEndpoints
{
    private static void MapDiagnosticRoutes(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", EndpointRunner.Anonymous("GET /healthz", HealthAsync));
        endpoints.MapGet("/metrics", EndpointRunner.Anonymous("GET /metrics", MetricsAsync));
    }

    private static Task HealthAsync(HttpContext http) => EndpointRunner.WriteOkAsync(http, json =>
    {
        json.WriteStartObject();
        json.WriteString("status", "ok");
        json.WriteEndObject();
    });

    private static Task MetricsAsync(HttpContext http)
    {
        ServerMetrics metrics = http.RequestServices.GetRequiredService<ServerMetrics>();
        return EndpointRunner.WriteOkAsync(http, metrics.WriteJson);
    }
}
