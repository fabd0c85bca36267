using System;
using System.Text.Json;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Server.Json;
using Engine.Server.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Engine.Server;

/// <summary>The <c>/api/sync</c> routes.</summary>
public static partial class SyncGatewayEndpoints
{
    private static void MapSyncRoutes(IEndpointRouteBuilder endpoints)
    {
        Post(endpoints, "/api/sync/push", PushAsync);
        Post(endpoints, "/api/sync/pull", PullAsync);
        Post(endpoints, "/api/sync/snapshot", SnapshotAsync);
        Post(endpoints, "/api/sync/update-cursor", UpdateCursorAsync);
        Post(endpoints, "/api/sync/gc-change-log", call => GcAsync(call, tombstones: false));
        Post(endpoints, "/api/sync/gc-tombstones", call => GcAsync(call, tombstones: true));
        endpoints.MapGet("/api/sync/capabilities", EndpointRunner.Authenticated("GET /api/sync/capabilities", CapabilitiesAsync));
    }

    private static void Post(IEndpointRouteBuilder endpoints, string pattern, Func<SyncCall, Task> handler) =>
        endpoints.MapPost(pattern, EndpointRunner.Authenticated("POST " + pattern, handler));

    private static async Task PushAsync(SyncCall call)
    {
        PushBatch batch = await call.ReadAsync(SyncRequestReader.ReadPush).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        PushResult result = await call.Gateway.PushAsync(caller, batch, call.Aborted).ConfigureAwait(false);
        call.Metrics.PushOps(batch.Ops.Count);
        await EndpointRunner.WriteOkAsync(call.Http, json => SyncResponseWriter.WritePush(json, result)).ConfigureAwait(false);
    }

    private static async Task PullAsync(SyncCall call)
    {
        PullRequest request = await call.ReadAsync(SyncRequestReader.ReadPull).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        PullResponse response = await call.Gateway.PullAsync(caller, request, call.Aborted).ConfigureAwait(false);
        call.Metrics.PullChanges(response.Changes.Count);

        using JsonResponse output = JsonResponse.Start(call.Http, StatusCodes.Status200OK);
        Utf8JsonWriter json = output.Json;
        json.WriteStartObject();
        await output.WriteListAsync("changes", response.Changes, SyncResponseWriter.WriteChange, call.Aborted).ConfigureAwait(false);
        SyncResponseWriter.WritePullTail(json, response);
        json.WriteEndObject();
        await output.CompleteAsync(call.Aborted).ConfigureAwait(false);
    }

    private static async Task SnapshotAsync(SyncCall call)
    {
        SnapshotRequest request = await call.ReadAsync(SyncRequestReader.ReadSnapshot).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        SnapshotPage page = await call.Gateway.SnapshotAsync(caller, request, call.Aborted).ConfigureAwait(false);

        using JsonResponse output = JsonResponse.Start(call.Http, StatusCodes.Status200OK);
        Utf8JsonWriter json = output.Json;
        json.WriteStartObject();
        json.WriteString("workspace_id", page.WorkspaceId);
        json.WriteString("snapshot_id", page.SnapshotId);
        json.WriteNumber("high_watermark", page.HighWatermark);
        await output.WriteListAsync("items", page.Items, SyncResponseWriter.WriteSnapshotItem, call.Aborted).ConfigureAwait(false);
        json.WriteString("next_page_token", page.NextPageToken);
        json.WriteEndObject();
        await output.CompleteAsync(call.Aborted).ConfigureAwait(false);
    }

    private static async Task UpdateCursorAsync(SyncCall call)
    {
        CursorUpdate update = await call.ReadAsync(SyncRequestReader.ReadCursor).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        await call.Gateway.UpdateCursorAsync(caller, update.WorkspaceId, update.DeviceId, update.Version, call.Aborted).ConfigureAwait(false);
        await WriteOkTrueAsync(call.Http).ConfigureAwait(false);
    }

    private static async Task GcAsync(SyncCall call, bool tombstones)
    {
        GcRequest request = await call.ReadAsync(SyncRequestReader.ReadGc).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        GcResult result = tombstones
            ? await call.Gateway.GcTombstonesAsync(caller, request.WorkspaceId, request.Retention, call.Aborted).ConfigureAwait(false)
            : await call.Gateway.GcChangeLogAsync(caller, request.WorkspaceId, request.Retention, call.Aborted).ConfigureAwait(false);
        await EndpointRunner.WriteOkAsync(call.Http, json => SyncResponseWriter.WriteGc(json, result)).ConfigureAwait(false);
    }

    private static Task CapabilitiesAsync(SyncCall call) =>
        EndpointRunner.WriteOkAsync(call.Http, json => SyncResponseWriter.WriteCapabilities(json, call.Gateway.Capabilities));

    private static Task WriteOkTrueAsync(HttpContext http) => EndpointRunner.WriteOkAsync(http, json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", true);
        json.WriteEndObject();
    });
}
