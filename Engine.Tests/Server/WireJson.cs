namespace Engine.Tests.Server;

/// <summary>Request bodies as a client writes them (snake_case), built as text so tests control every byte.</summary>
internal static class WireJson
{
    public static string Op(string opId, string pk, string? payload, string operation = "put", long clock = 1, string table = "threads", string hlc = "0001", string device = "dev-1") =>
        $$"""{"id":"{{opId}}","table_name":"{{table}}","operation":"{{operation}}","pk":"{{pk}}",{{(payload is null ? "" : $"\"payload\":{payload},")}}"stamp":{"device_id":"{{device}}","op_id":"{{opId}}","hlc":"{{hlc}}","clock":{{clock}}},"created_at":0,"attempts":0,"status":"pending"}""";

    public static string Push(string workspaceId, params string[] ops) =>
        $$"""{"scope":{"workspace_id":"{{workspaceId}}"},"ops":[{{string.Join(",", ops)}}]}""";

    public static string Pull(string workspaceId, string cursor = "0", string? limit = null) =>
        $$"""{"scope":{"workspace_id":"{{workspaceId}}"},"cursor":{{cursor}}{{(limit is null ? "" : $",\"limit\":{limit}")}}}""";

    public static string Snapshot(string workspaceId, string pageSize, string? pageToken = null) =>
        $$"""{"scope":{"workspace_id":"{{workspaceId}}"},"page_size":{{pageSize}}{{(pageToken is null ? "" : $",\"page_token\":\"{pageToken}\"")}}}""";

    public static string Cursor(string workspaceId, string deviceId, string version) =>
        $$"""{"scope":{"workspace_id":"{{workspaceId}}"},"device_id":"{{deviceId}}","version":{{version}}}""";

    public static string Gc(string workspaceId, string retentionSeconds) =>
        $$"""{"scope":{"workspace_id":"{{workspaceId}}"},"retention_seconds":{{retentionSeconds}}}""";

    public static string Thread(string id, string title = "t") => $$"""{"id":"{{id}}","title":"{{title}}"}""";
}
