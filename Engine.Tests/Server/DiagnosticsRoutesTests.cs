using System.Net;
using System.Text.Json;

namespace Engine.Tests.Server;

/// <summary><c>/healthz</c> and <c>/metrics</c> through real HTTP on loopback.</summary>
public sealed class DiagnosticsRoutesTests
{
    [Fact]
    public async Task Healthz_AnswersOkWithoutAToken()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();

        Reply reply = await server.GetAsync("/healthz", null);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("ok", reply.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_CountRequestsPerRouteAndStatus_AndPushAndPullOps()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        string ws = await server.ActiveWorkspaceAsync("tok-alice");
        await server.PostAsync("/api/sync/push", "tok-alice", WireJson.Push(ws, WireJson.Op("op-1", "a", WireJson.Thread("a")), WireJson.Op("op-2", "b", WireJson.Thread("b"))));
        await server.PostAsync("/api/sync/push", null, "{}");
        await server.PostAsync("/api/sync/push", null, "{}");
        await server.PostAsync("/api/sync/pull", "tok-alice", WireJson.Pull(ws));

        Reply reply = await server.GetAsync("/metrics", null);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(2, reply.Json.GetProperty("push_ops").GetInt64());
        Assert.Equal(2, reply.Json.GetProperty("pull_changes").GetInt64());
        Assert.Equal(1, Count(reply.Json, "POST /api/sync/push", 200));
        Assert.Equal(2, Count(reply.Json, "POST /api/sync/push", 401));
        Assert.Equal(1, Count(reply.Json, "POST /api/sync/pull", 200));
        Assert.Equal(1, Count(reply.Json, "GET /api/workspaces", 200));
    }

    private static long Count(JsonElement metrics, string route, int status) =>
        metrics.GetProperty("requests").EnumerateArray()
            .Where(r => r.GetProperty("route").GetString() == route && r.GetProperty("status").GetInt32() == status)
            .Select(r => r.GetProperty("count").GetInt64())
            .SingleOrDefault();
}
