using System;
using System.Collections.Generic;
using System.Text.Json;
using Engine.Api.Gateway;

namespace Engine.Server.Json;

/// <summary>A cursor update as the client sends it.</summary>
internal sealed record CursorUpdate(string WorkspaceId, string DeviceId, long Version);

/// <summary>A GC request as the client sends it.</summary>
internal sealed record GcRequest(string WorkspaceId, TimeSpan Retention);

/// <summary>
/// Reads the sync routes' request bodies (snake_case fields; unknown fields are ignored, as the reference's clients send
/// local bookkeeping such as <c>attempts</c> and <c>status</c> along with each op). Wrong shapes and types are 400s.
/// </summary>
internal static class SyncRequestReader
{
    /// <summary><c>{"scope": {"workspace_id"}, "ops": [{"table_name", "operation", "pk", "payload"?, "stamp": {"device_id", "op_id", "hlc", "clock"}}]}</c>.</summary>
    public static PushBatch ReadPush(JsonElement root)
    {
        string workspaceId = Scope(root);
        if (!root.TryGetProperty("ops", out JsonElement ops) || ops.ValueKind != JsonValueKind.Array)
        {
            throw JsonFields.BadRequest("'ops' must be an array");
        }

        List<PendingOp> pending = new(ops.GetArrayLength());
        foreach (JsonElement op in ops.EnumerateArray())
        {
            if (op.ValueKind != JsonValueKind.Object)
            {
                throw JsonFields.BadRequest("each op must be an object");
            }

            pending.Add(new PendingOp(
                JsonFields.RequireString(op, "table_name"),
                Operation(JsonFields.RequireString(op, "operation")),
                JsonFields.RequireString(op, "pk"),
                JsonFields.OptionalRawValue(op, "payload"),
                Stamp(JsonFields.RequireObject(op, "stamp"))));
        }

        return new PushBatch(workspaceId, pending);
    }

    /// <summary><c>{"scope", "cursor", "limit"?, "tables"?}</c>: cursor an integer ≥ 0, limit an integer in [1, 1000].</summary>
    public static PullRequest ReadPull(JsonElement root) => new(
        Scope(root),
        JsonFields.RequireInteger(root, "cursor", 0),
        (int?)JsonFields.OptionalInteger(root, "limit", 1, SyncServerOptions.MaxPullLimit),
        JsonFields.OptionalStringSet(root, "tables"));

    /// <summary><c>{"scope", "page_size", "page_token"?, "tables"?}</c>: page size an integer (its range is the gateway's 400).</summary>
    public static SnapshotRequest ReadSnapshot(JsonElement root) => new(
        Scope(root),
        (int)JsonFields.RequireInteger(root, "page_size", int.MinValue, int.MaxValue),
        JsonFields.OptionalString(root, "page_token"),
        JsonFields.OptionalStringSet(root, "tables"));

    /// <summary><c>{"scope", "device_id", "version"}</c>: version an integer ≥ 0.</summary>
    public static CursorUpdate ReadCursor(JsonElement root) => new(
        Scope(root),
        JsonFields.RequireString(root, "device_id"),
        JsonFields.RequireInteger(root, "version", 0));

    /// <summary><c>{"scope", "retention_seconds"}</c>: an integer (its bounds are the gateway's 400).</summary>
    public static GcRequest ReadGc(JsonElement root)
    {
        string workspaceId = Scope(root);
        long seconds = JsonFields.RequireInteger(root, "retention_seconds", 1, (long)TimeSpan.MaxValue.TotalSeconds);
        return new GcRequest(workspaceId, TimeSpan.FromSeconds(seconds));
    }

    private static string Scope(JsonElement root) => JsonFields.RequireString(JsonFields.RequireObject(root, "scope"), "workspace_id");

    private static SyncOp Operation(string text) => text switch
    {
        "put" => SyncOp.Put,
        "delete" => SyncOp.Delete,
        _ => throw JsonFields.BadRequest("'operation' must be \"put\" or \"delete\""),
    };

    private static ChangeStamp Stamp(JsonElement stamp) => new(
        JsonFields.RequireString(stamp, "device_id"),
        JsonFields.RequireString(stamp, "op_id"),
        JsonFields.RequireString(stamp, "hlc"),
        JsonFields.RequireInteger(stamp, "clock", 0));
}
