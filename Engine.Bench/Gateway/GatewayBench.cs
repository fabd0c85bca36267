using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engine.Server.Authentication;
using Engine.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Engine.Bench.Gateway;

/// <summary>
/// <c>Engine.Bench gateway</c>: push and pull throughput and latency over HTTP on loopback, per store and number of
/// concurrent devices (docs/benchmarks.md, "Sync gateway over HTTP").
/// </summary>
internal static class GatewayBench
{
    private const string Token = "bench-token";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(GatewaySettings.Usage);
            return 0;
        }

        GatewaySettings settings = GatewaySettings.Parse(args);
        List<GatewayResult> results = [];
        await using StreamWriter? json = settings.JsonOut is null ? null : new StreamWriter(settings.JsonOut, append: true);
        foreach (string store in settings.Stores)
        {
            if (store == "postgres" && settings.Postgres is null)
            {
                Console.Error.WriteLine("postgres: skipped (give --postgres CONNSTRING or set ENGINE_TEST_POSTGRES)");
                continue;
            }

            foreach (int devices in settings.Devices)
            {
                for (int round = 1; round <= settings.Rounds; round++)
                {
                    foreach (GatewayResult result in await RunOnceAsync(settings, store, devices, round))
                    {
                        results.Add(result);
                        string line = result.ToJson();
                        Console.WriteLine(line);
                        json?.WriteLine(line);
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(GatewayResult.MedianTable(results));
        return 0;
    }

    private static async Task<GatewayResult[]> RunOnceAsync(GatewaySettings settings, string store, int devices, int round)
    {
        await using GatewayBackend backend = await GatewayBackend.CreateAsync(store, settings.Postgres);
        DevTokenFile tokens = DevTokenFile.Parse(Encoding.UTF8.GetBytes("{\"tokens\": {\"" + Token + "\": {\"provider\": \"bench\", \"user_id\": \"bench-user\"}}}"));
        await using WebApplication app = SyncServerApplication.Create(
            new SyncServerSetup(backend.Gateway, backend.Workspaces, tokens) { Urls = ["http://127.0.0.1:0"] });
        await app.StartAsync();
        Uri address = SyncServerApplication.Addresses(app)[0];
        HttpClient[] clients = [.. Enumerable.Range(0, devices).Select(_ => NewClient(address))];
        try
        {
            string workspace = await ActiveWorkspaceAsync(clients[0]);
            int perDevice = Math.Max(settings.Batch, settings.Ops / devices / settings.Batch * settings.Batch);
            string filler = new('x', Math.Max(0, settings.PayloadBytes - 80));
            GatewayResult push = await MeasureAsync(store, devices, round, "push", clients, (client, device, latencies) =>
                PushAllAsync(client, workspace, device, perDevice, settings.Batch, filler, latencies));
            GatewayResult pull = await MeasureAsync(store, devices, round, "pull", clients, (client, device, latencies) =>
                PullAllAsync(client, workspace, latencies));
            return [push, pull];
        }
        finally
        {
            foreach (HttpClient client in clients)
            {
                client.Dispose();
            }

            await app.StopAsync();
        }
    }

    private static HttpClient NewClient(Uri address)
    {
#pragma warning disable CA2000 // The client owns its handler (disposeHandler: true).
        HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }, disposeHandler: true) { BaseAddress = address };
#pragma warning restore CA2000
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    private static async Task<string> ActiveWorkspaceAsync(HttpClient client)
    {
        using JsonDocument answer = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/workspaces", UriKind.Relative)));
        foreach (JsonElement workspace in answer.RootElement.GetProperty("workspaces").EnumerateArray())
        {
            if (workspace.GetProperty("is_active").GetBoolean())
            {
                return workspace.GetProperty("id").GetString()!;
            }
        }

        throw new InvalidOperationException("The bench user has no active workspace.");
    }

    /// <summary>Runs every device at once; throughput is the items they moved over the wall time.</summary>
    private static async Task<GatewayResult> MeasureAsync(
        string store, int devices, int round, string phase, HttpClient[] clients, Func<HttpClient, int, List<double>, Task<long>> work)
    {
        List<double>[] latencies = [.. clients.Select(_ => new List<double>())];
        Stopwatch wall = Stopwatch.StartNew();
        long[] items = await Task.WhenAll(clients.Select((client, device) => Task.Run(() => work(client, device, latencies[device]))));
        wall.Stop();
        return new GatewayResult(store, devices, round, phase, items.Sum(), wall.Elapsed.TotalSeconds, [.. latencies.SelectMany(l => l)]);
    }

    private static async Task<long> PushAllAsync(HttpClient client, string workspace, int device, int ops, int batch, string filler, List<double> latencies)
    {
        for (int first = 0; first < ops; first += batch)
        {
            StringBuilder body = new();
            body.Append(CultureInfo.InvariantCulture, $$"""{"scope":{"workspace_id":"{{workspace}}"},"ops":[""");
            for (int i = first; i < first + batch; i++)
            {
                string pk = $"m-{device:D2}-{i:D7}";
                body.Append(i > first ? "," : "").Append(CultureInfo.InvariantCulture, $$$"""
                    {"table_name":"messages","operation":"put","pk":"{{{pk}}}","payload":{"id":"{{{pk}}}","thread_id":"t-{{{device}}}","role":"user","index":{{{i}}},"content":"{{{filler}}}"},"stamp":{"device_id":"device-{{{device}}}","op_id":"{{{Guid.NewGuid()}}}","hlc":"2026-12-06T00:00:00.000Z-{{{i:D7}}}","clock":1}}
                    """);
            }

            body.Append("]}");
            using JsonDocument answer = await PostAsync(client, "/api/sync/push", body.ToString(), latencies);
            foreach (JsonElement result in answer.RootElement.GetProperty("results").EnumerateArray())
            {
                if (!result.GetProperty("success").GetBoolean())
                {
                    throw new InvalidOperationException($"A push op failed: {result}");
                }
            }
        }

        return ops;
    }

    private static async Task<long> PullAllAsync(HttpClient client, string workspace, List<double> latencies)
    {
        long cursor = 0;
        long pulled = 0;
        while (true)
        {
            using JsonDocument answer = await PostAsync(
                client, "/api/sync/pull", $$"""{"scope":{"workspace_id":"{{workspace}}"},"cursor":{{cursor}},"limit":100}""", latencies);
            pulled += answer.RootElement.GetProperty("changes").GetArrayLength();
            cursor = answer.RootElement.GetProperty("next_cursor").GetInt64();
            if (!answer.RootElement.GetProperty("has_more").GetBoolean())
            {
                return pulled;
            }
        }
    }

    private static async Task<JsonDocument> PostAsync(HttpClient client, string route, string body, List<double> latencies)
    {
        long start = Stopwatch.GetTimestamp();
        using StringContent content = new(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync(new Uri(route, UriKind.Relative), content);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{route} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
        }

        return JsonDocument.Parse(answer);
    }
}
