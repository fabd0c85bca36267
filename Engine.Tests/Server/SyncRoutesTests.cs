using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Engine.Tests.Server;

/// <summary>The sync routes through real HTTP on loopback, against the embedded gateway.</summary>
public sealed class SyncRoutesTests
{
    private const string Alice = "tok-alice";
    private const string Bob = "tok-bob";

    [Fact]
    public async Task Push_ThenPull_AnswersInSnakeCaseWithContiguousVersions()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);

        Reply push = await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-1", "a", WireJson.Thread("a")), WireJson.Op("op-2", "b", WireJson.Thread("b"))));

        Assert.Equal(HttpStatusCode.OK, push.Status);
        Assert.Equal("no-store", push.CacheControl);
        Assert.Equal(2, push.Json.GetProperty("server_version").GetInt64());
        JsonElement[] results = [.. push.Json.GetProperty("results").EnumerateArray()];
        Assert.Equal(["op-1", "op-2"], results.Select(r => r.GetProperty("op_id").GetString()));
        Assert.Equal([1L, 2L], results.Select(r => r.GetProperty("server_version").GetInt64()));
        Assert.All(results, r => Assert.True(r.GetProperty("success").GetBoolean()));
        Assert.All(results, r => Assert.True(r.GetProperty("applied").GetBoolean()));

        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws, limit: "1"));

        Assert.Equal(HttpStatusCode.OK, pull.Status);
        JsonElement change = pull.Json.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(1, change.GetProperty("server_version").GetInt64());
        Assert.Equal("threads", change.GetProperty("table_name").GetString());
        Assert.Equal("a", change.GetProperty("pk").GetString());
        Assert.Equal("put", change.GetProperty("op").GetString());
        Assert.Equal("op-1", change.GetProperty("stamp").GetProperty("op_id").GetString());
        Assert.Equal("dev-1", change.GetProperty("stamp").GetProperty("device_id").GetString());
        Assert.Equal(1, change.GetProperty("stamp").GetProperty("clock").GetInt64());
        Assert.Equal(1, pull.Json.GetProperty("next_cursor").GetInt64());
        Assert.True(pull.Json.GetProperty("has_more").GetBoolean());
        Assert.Equal(1, pull.Json.GetProperty("oldest_retained_version").GetInt64());
        Assert.False(pull.Json.GetProperty("requires_snapshot").GetBoolean());
    }

    [Fact]
    public async Task Push_PerOpFailures_AreResultsWithUpperSnakeErrorCodes()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);

        Reply push = await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws,
            WireJson.Op("op-bad", "x", WireJson.Thread("x"), table: "nope"),
            WireJson.Op("op-ok", "y", WireJson.Thread("y"))));

        Assert.Equal(HttpStatusCode.OK, push.Status);
        JsonElement bad = push.Json.GetProperty("results")[0];
        Assert.False(bad.GetProperty("success").GetBoolean());
        Assert.Equal("VALIDATION_ERROR", bad.GetProperty("error_code").GetString());
        Assert.False(bad.TryGetProperty("server_version", out _));
        Assert.Equal(1, push.Json.GetProperty("results")[1].GetProperty("server_version").GetInt64());
    }

    [Fact]
    public async Task Push_LosingOp_ReturnsTheWinnerWithItsPayloadAndRevision()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);
        string winner = """{"id":"a","title":"new"}""";
        await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-new", "a", winner, clock: 5)));

        Reply push = await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-old", "a", WireJson.Thread("a", "old"), clock: 1)));

        JsonElement result = push.Json.GetProperty("results")[0];
        Assert.True(result.GetProperty("success").GetBoolean());
        Assert.False(result.GetProperty("applied").GetBoolean());
        Assert.True(result.GetProperty("was_existing").GetBoolean());
        Assert.Equal("put", result.GetProperty("winner").GetProperty("kind").GetString());
        Assert.Equal(5, result.GetProperty("winner").GetProperty("revision").GetProperty("clock").GetInt64());
        Assert.Equal("op-new", result.GetProperty("winner").GetProperty("revision").GetProperty("op_id").GetString());
        Assert.Equal(winner, Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(result.GetProperty("winner").GetProperty("payload"))));
    }

    [Fact]
    public async Task Payload_RoundTripsByteForByte_ThroughPushPullAndSnapshot()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);
        // Keys out of order, numbers spelled as a re-serializer would not (1.50, 1e2, -0.0), escapes and inner spacing.
        string payload = """{"title":"caf\u00e9 \"q\"","id":"a","z":1.50,"n":[1e2, -0.0,  3],"o":{"y":true,"x":null}}""";
        await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-1", "a", payload)));

        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws));
        Reply snapshot = await server.PostAsync("/api/sync/snapshot", Alice, WireJson.Snapshot(ws, "10"));

        byte[] expected = Encoding.UTF8.GetBytes(payload);
        Assert.Equal(expected, RawPayload(pull.Body, "changes"));
        Assert.Equal(expected, RawPayload(snapshot.Body, "items"));
    }

    [Fact]
    public async Task Snapshot_PagesCarryOneWatermark_AndAnExpiredChainIs410()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);
        await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws,
            WireJson.Op("op-1", "a", WireJson.Thread("a")),
            WireJson.Op("op-2", "b", WireJson.Thread("b")),
            WireJson.Op("op-3", "c", null, operation: "delete")));

        Reply first = await server.PostAsync("/api/sync/snapshot", Alice, WireJson.Snapshot(ws, "2"));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(ws, first.Json.GetProperty("workspace_id").GetString());
        Assert.Equal(3, first.Json.GetProperty("high_watermark").GetInt64());
        Assert.Equal(2, first.Json.GetProperty("items").GetArrayLength());
        Assert.All(first.Json.GetProperty("items").EnumerateArray(), item => Assert.Equal("row", item.GetProperty("kind").GetString()));
        string token = first.Json.GetProperty("next_page_token").GetString()!;

        Reply second = await server.PostAsync("/api/sync/snapshot", Alice, WireJson.Snapshot(ws, "2", token));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Json.GetProperty("snapshot_id").GetString(), second.Json.GetProperty("snapshot_id").GetString());
        JsonElement tombstone = second.Json.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("tombstone", tombstone.GetProperty("kind").GetString());
        Assert.Equal(server.Time.GetUtcNow().ToUnixTimeMilliseconds(), tombstone.GetProperty("server_deleted_at").GetInt64());
        Assert.Equal("op-3", tombstone.GetProperty("revision").GetProperty("op_id").GetString());
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("next_page_token").ValueKind);

        Reply again = await server.PostAsync("/api/sync/snapshot", Alice, WireJson.Snapshot(ws, "1"));
        string pending = again.Json.GetProperty("next_page_token").GetString()!;
        server.Time.Advance(TimeSpan.FromMinutes(61));

        (await server.PostAsync("/api/sync/snapshot", Alice, WireJson.Snapshot(ws, "1", pending))).AssertError(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task UpdateCursor_MovesForward_AndBackwardsIs409()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);
        await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-1", "a", WireJson.Thread("a")), WireJson.Op("op-2", "b", WireJson.Thread("b"))));

        Reply forward = await server.PostAsync("/api/sync/update-cursor", Alice, WireJson.Cursor(ws, "dev-1", "2"));

        Assert.Equal(HttpStatusCode.OK, forward.Status);
        Assert.True(forward.Json.GetProperty("ok").GetBoolean());
        (await server.PostAsync("/api/sync/update-cursor", Alice, WireJson.Cursor(ws, "dev-1", "1"))).AssertError(HttpStatusCode.Conflict);
        (await server.PostAsync("/api/sync/update-cursor", Alice, WireJson.Cursor(ws, "dev-1", "3"))).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GcRoutes_CollectOldEntriesBehindTheCursors_AndReportWhatTheyDid()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);
        await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-1", "a", WireJson.Thread("a")), WireJson.Op("op-2", "a", null, operation: "delete", clock: 2)));
        server.Time.Advance(TimeSpan.FromHours(2));

        Reply changeLog = await server.PostAsync("/api/sync/gc-change-log", Alice, WireJson.Gc(ws, "3600"));
        Reply tombstones = await server.PostAsync("/api/sync/gc-tombstones", Alice, WireJson.Gc(ws, "3600"));

        Assert.Equal(HttpStatusCode.OK, changeLog.Status);
        Assert.Equal(2, changeLog.Json.GetProperty("entries_deleted").GetInt64());
        Assert.Equal(0, changeLog.Json.GetProperty("cursors_expired").GetInt32());
        Assert.Equal(3, changeLog.Json.GetProperty("new_oldest_retained_version").GetInt64());
        Assert.Equal(HttpStatusCode.OK, tombstones.Status);
        Assert.Equal(1, tombstones.Json.GetProperty("entries_deleted").GetInt64());
        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws));
        Assert.True(pull.Json.GetProperty("requires_snapshot").GetBoolean());
    }

    [Fact]
    public async Task Capabilities_DeclareBothSnapshotV1Features()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();

        Reply reply = await server.GetAsync("/api/sync/capabilities", Alice);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("snapshot-v1", reply.Json.GetProperty("snapshot_bootstrap").GetString());
        Assert.Equal("snapshot-v1", reply.Json.GetProperty("history_retention").GetString());
    }

    [Theory]
    [InlineData("/api/sync/push")]
    [InlineData("/api/sync/pull")]
    [InlineData("/api/sync/snapshot")]
    [InlineData("/api/sync/update-cursor")]
    [InlineData("/api/sync/gc-change-log")]
    [InlineData("/api/sync/gc-tombstones")]
    [InlineData("/api/workspaces")]
    [InlineData("/api/workspaces/active")]
    public async Task NoToken_Or_UnknownToken_Is401_AndCreatesNoUser(string path)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string body = WireJson.Push("ws", WireJson.Op("op-1", "a", WireJson.Thread("a")));

        (await server.PostAsync(path, null, body)).AssertError(HttpStatusCode.Unauthorized);
        (await server.PostAsync(path, "tok-nobody", body)).AssertError(HttpStatusCode.Unauthorized);

        Assert.Null(await server.Workspaces.GetUserAsync("dev", "nobody"));
    }

    [Fact]
    public async Task GetRoutesAndWorkspaceEdits_WithoutToken_Are401()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();

        (await server.GetAsync("/api/sync/capabilities", null)).AssertError(HttpStatusCode.Unauthorized);
        (await server.GetAsync("/api/workspaces", null)).AssertError(HttpStatusCode.Unauthorized);
        (await server.SendAsync(HttpMethod.Patch, "/api/workspaces/x", null, """{"name":"n"}""")).AssertError(HttpStatusCode.Unauthorized);
        (await server.SendAsync(HttpMethod.Delete, "/api/workspaces/x", null)).AssertError(HttpStatusCode.Unauthorized);
        Assert.Null(await server.Workspaces.GetUserAsync("dev", "alice"));
    }

    [Fact]
    public async Task OtherWorkspace_Is403_ForEveryScopedRoute_AndNothingIsWritten()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string bobs = await server.ActiveWorkspaceAsync(Bob);
        await server.ActiveWorkspaceAsync(Alice);

        (await server.PostAsync("/api/sync/push", Alice, WireJson.Push(bobs, WireJson.Op("op-1", "a", WireJson.Thread("a"))))).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(bobs))).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/sync/snapshot", Alice, WireJson.Snapshot(bobs, "10"))).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/sync/update-cursor", Alice, WireJson.Cursor(bobs, "d", "0"))).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/sync/gc-change-log", Alice, WireJson.Gc(bobs, "3600"))).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/sync/gc-tombstones", Alice, WireJson.Gc(bobs, "3600"))).AssertError(HttpStatusCode.Forbidden);
        (await server.SendAsync(HttpMethod.Delete, $"/api/workspaces/{bobs}", Alice)).AssertError(HttpStatusCode.Forbidden);

        Reply pull = await server.PostAsync("/api/sync/pull", Bob, WireJson.Pull(bobs));
        Assert.Equal(0, pull.Json.GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public async Task Viewer_PullsButPushingIs403()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);
        await server.ActiveWorkspaceAsync(Bob);
        string aliceId = (await server.Workspaces.GetUserAsync("dev", "alice"))!.UserId;
        string bobId = (await server.Workspaces.GetUserAsync("dev", "bob"))!.UserId;
        await server.Workspaces.AddMemberAsync(aliceId, ws, bobId, Engine.Api.Gateway.WorkspaceRole.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/api/workspaces/active", Bob, $$"""{"id":"{{ws}}"}""")).Status);

        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/api/sync/pull", Bob, WireJson.Pull(ws))).Status);
        (await server.PostAsync("/api/sync/push", Bob, WireJson.Push(ws, WireJson.Op("op-1", "a", WireJson.Thread("a"))))).AssertError(HttpStatusCode.Forbidden);
        (await server.PostAsync("/api/sync/gc-change-log", Bob, WireJson.Gc(ws, "3600"))).AssertError(HttpStatusCode.Forbidden);

        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws));
        Assert.Equal(0, pull.Json.GetProperty("changes").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/sync/push", "{\"scope\":")]
    [InlineData("/api/sync/push", "[]")]
    [InlineData("/api/sync/push", "{\"scope\":{\"workspace_id\":\"WS\"},\"ops\":{}}")]
    [InlineData("/api/sync/push", "{\"scope\":{\"workspace_id\":\"WS\"},\"ops\":[{\"table_name\":\"threads\",\"operation\":\"upsert\",\"pk\":\"a\",\"stamp\":{\"device_id\":\"d\",\"op_id\":\"o\",\"hlc\":\"h\",\"clock\":1}}]}")]
    [InlineData("/api/sync/push", "{\"scope\":{\"workspace_id\":\"WS\"},\"ops\":[{\"table_name\":\"threads\",\"operation\":\"put\",\"pk\":\"a\",\"stamp\":{\"device_id\":\"d\",\"op_id\":\"o\",\"hlc\":\"h\",\"clock\":1.5}}]}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":0,\"limit\":1.5}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":0,\"limit\":0}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":0,\"limit\":1001}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":-1}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":\"NaN\"}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":NaN}")]
    [InlineData("/api/sync/pull", "{\"scope\":{\"workspace_id\":\"WS\"},\"cursor\":0,\"tables\":[1]}")]
    [InlineData("/api/sync/update-cursor", "{\"scope\":{\"workspace_id\":\"WS\"},\"device_id\":\"d\",\"version\":1.5}")]
    [InlineData("/api/sync/update-cursor", "{\"scope\":{\"workspace_id\":\"WS\"},\"device_id\":\"d\",\"version\":-1}")]
    [InlineData("/api/sync/update-cursor", "{\"scope\":{\"workspace_id\":\"WS\"},\"device_id\":\"d\",\"version\":1e400}")]
    [InlineData("/api/sync/snapshot", "{\"scope\":{\"workspace_id\":\"WS\"},\"page_size\":1.5}")]
    [InlineData("/api/sync/snapshot", "{\"scope\":{\"workspace_id\":\"WS\"},\"page_size\":0}")]
    [InlineData("/api/sync/snapshot", "{\"scope\":{\"workspace_id\":\"WS\"},\"page_size\":10,\"page_token\":\"not a token\"}")]
    [InlineData("/api/sync/gc-change-log", "{\"scope\":{\"workspace_id\":\"WS\"},\"retention_seconds\":3600.5}")]
    [InlineData("/api/sync/gc-change-log", "{\"scope\":{\"workspace_id\":\"WS\"},\"retention_seconds\":0}")]
    [InlineData("/api/sync/gc-change-log", "{\"scope\":{\"workspace_id\":\"WS\"},\"retention_seconds\":3599}")]
    [InlineData("/api/sync/gc-tombstones", "{\"scope\":{\"workspace_id\":\"WS\"},\"retention_seconds\":31536001}")]
    [InlineData("/api/workspaces", "{\"name\":\"   \"}")]
    [InlineData("/api/workspaces/active", "{}")]
    public async Task MalformedOrWrongTypes_Are400_AndNothingIsWritten(string path, string body)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync(Alice);

        (await server.PostAsync(path, Alice, body.Replace("WS", ws, StringComparison.Ordinal))).AssertError(HttpStatusCode.BadRequest);

        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws));
        Assert.Equal(0, pull.Json.GetProperty("changes").GetArrayLength());
        Assert.Single((await server.GetAsync("/api/workspaces", Alice)).Json.GetProperty("workspaces").EnumerateArray());
    }

    [Fact]
    public async Task OversizedBody_Is413_AndNothingIsWritten()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(maxRequestBodyBytes: 16 * 1024);
        string ws = await server.ActiveWorkspaceAsync(Alice);
        string big = $$"""{"id":"a","title":"{{new string('x', 20 * 1024)}}"}""";

        (await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-1", "a", big)))).AssertError(HttpStatusCode.RequestEntityTooLarge);

        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws));
        Assert.Equal(0, pull.Json.GetProperty("changes").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/api/sync/push", Alice, WireJson.Push(ws, WireJson.Op("op-2", "b", WireJson.Thread("b"))))).Status);
    }

    [Fact]
    public async Task OversizedBody_WithoutContentLength_Is413()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(maxRequestBodyBytes: 16 * 1024);
        string ws = await server.ActiveWorkspaceAsync(Alice);
        byte[] body = Encoding.UTF8.GetBytes(WireJson.Push(ws, WireJson.Op("op-1", "a", $$"""{"id":"a","title":"{{new string('x', 20 * 1024)}}"}""")));
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/sync/push")
        {
            Content = new StreamContent(new ChunkedOnlyStream(body)),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Alice);
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Reply pull = await server.PostAsync("/api/sync/pull", Alice, WireJson.Pull(ws));
        Assert.Equal(0, pull.Json.GetProperty("changes").GetArrayLength());
    }

    private static byte[] RawPayload(byte[] body, string list)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        return JsonMarshal.GetRawUtf8Value(document.RootElement.GetProperty(list)[0].GetProperty("payload")).ToArray();
    }

    /// <summary>A stream of unknown length, so the client sends the body chunked (no Content-Length to refuse early).</summary>
    private sealed class ChunkedOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
