using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Server.Json;
using Engine.Server.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Engine.Server;

/// <summary>The <c>/api/workspaces</c> routes; the store enforces roles (403) and existence (404).</summary>
public static partial class SyncGatewayEndpoints
{
    private const int MaxWorkspaceNameLength = 100;
    private const int MaxWorkspaceDescriptionLength = 1000;

    private static void MapWorkspaceRoutes(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/workspaces", EndpointRunner.Authenticated("GET /api/workspaces", ListWorkspacesAsync));
        endpoints.MapPost("/api/workspaces", EndpointRunner.Authenticated("POST /api/workspaces", CreateWorkspaceAsync));
        endpoints.MapPost("/api/workspaces/active", EndpointRunner.Authenticated("POST /api/workspaces/active", SetActiveWorkspaceAsync));
        endpoints.MapPatch("/api/workspaces/{id}", EndpointRunner.Authenticated("PATCH /api/workspaces/{id}", UpdateWorkspaceAsync));
        endpoints.MapDelete("/api/workspaces/{id}", EndpointRunner.Authenticated("DELETE /api/workspaces/{id}", RemoveWorkspaceAsync));
    }

    /// <summary><c>{"workspaces": [{"id", "name", "description", "role", "created_at", "is_active"}]}</c>, newest first as the reference lists them.</summary>
    private static async Task ListWorkspacesAsync(SyncCall call)
    {
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        IReadOnlyList<WorkspaceSummary> workspaces = await call.Workspaces.ListUserWorkspacesAsync(caller.UserId!, call.Aborted).ConfigureAwait(false);
        await EndpointRunner.WriteOkAsync(call.Http, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("workspaces");
            foreach (WorkspaceSummary workspace in workspaces.OrderByDescending(w => w.CreatedAt))
            {
                json.WriteStartObject();
                json.WriteString("id", workspace.Id);
                json.WriteString("name", workspace.Name);
                json.WriteString("description", workspace.Description);
                json.WriteString("role", WireNames.Of(workspace.Role));
                json.WriteNumber("created_at", workspace.CreatedAt);
                json.WriteBoolean("is_active", workspace.IsActive);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>{"name", "description"?}</c> → <c>{"id"}</c>.</summary>
    private static async Task CreateWorkspaceAsync(SyncCall call)
    {
        (string name, string? description) = await ReadWorkspaceFieldsAsync(call).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        string id = await call.Workspaces.CreateWorkspaceAsync(caller.UserId!, name, description, call.Aborted).ConfigureAwait(false);
        await EndpointRunner.WriteOkAsync(call.Http, json =>
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>{"name", "description"?}</c> → <c>{"ok": true}</c>; owner or editor.</summary>
    private static async Task UpdateWorkspaceAsync(SyncCall call)
    {
        string workspaceId = RouteId(call.Http);
        (string name, string? description) = await ReadWorkspaceFieldsAsync(call).ConfigureAwait(false);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        await call.Workspaces.UpdateWorkspaceAsync(caller.UserId!, workspaceId, name, description, call.Aborted).ConfigureAwait(false);
        await WriteOkTrueAsync(call.Http).ConfigureAwait(false);
    }

    /// <summary>→ <c>{"ok": true}</c>; owner only; soft-deletes and re-homes the members whose active workspace it was.</summary>
    private static async Task RemoveWorkspaceAsync(SyncCall call)
    {
        string workspaceId = RouteId(call.Http);
        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        await call.Workspaces.RemoveWorkspaceAsync(caller.UserId!, workspaceId, call.Aborted).ConfigureAwait(false);
        await WriteOkTrueAsync(call.Http).ConfigureAwait(false);
    }

    /// <summary><c>{"id"}</c> → <c>{"ok": true}</c>; the caller must be a member of a workspace that is not deleted.</summary>
    private static async Task SetActiveWorkspaceAsync(SyncCall call)
    {
        string workspaceId = await call.ReadAsync(body => JsonFields.OptionalString(body, "id") is { Length: > 0 } id
            ? id
            : throw JsonFields.BadRequest("workspace id is required")).ConfigureAwait(false);

        SyncCaller caller = await call.CallerAsync().ConfigureAwait(false);
        await call.Workspaces.SetActiveWorkspaceAsync(caller.UserId!, workspaceId, call.Aborted).ConfigureAwait(false);
        await WriteOkTrueAsync(call.Http).ConfigureAwait(false);
    }

    /// <summary>The reference's checks: a trimmed name of 1 to 100 characters, a description of at most 1000 (empty is none).</summary>
    private static ValueTask<(string Name, string? Description)> ReadWorkspaceFieldsAsync(SyncCall call) => call.ReadAsync(ReadWorkspaceFields);

    private static (string Name, string? Description) ReadWorkspaceFields(JsonElement body)
    {
        string name = JsonFields.OptionalString(body, "name")?.Trim() ?? "";
        string? description = JsonFields.OptionalString(body, "description")?.Trim();
        if (name.Length == 0)
        {
            throw JsonFields.BadRequest("workspace name is required");
        }

        if (name.Length > MaxWorkspaceNameLength)
        {
            throw JsonFields.BadRequest($"workspace name must be under {MaxWorkspaceNameLength} characters");
        }

        if (description?.Length > MaxWorkspaceDescriptionLength)
        {
            throw JsonFields.BadRequest($"description must be under {MaxWorkspaceDescriptionLength} characters");
        }

        return (name, string.IsNullOrEmpty(description) ? null : description);
    }

    private static string RouteId(HttpContext http) =>
        http.Request.RouteValues["id"] is string { Length: > 0 } id ? id : throw JsonFields.BadRequest("workspace id is required");
}
