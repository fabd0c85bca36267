using C1.Reader.V2;
using Engine.Api.Sync.Store;

namespace Engine.Tests.Api.Sync;

/// <summary>How checkpoint-token timings reach the stats: decoded as Go's encoding/json decodes the reference's struct.</summary>
[Trait("Category", "Unit")]
public sealed class SyncTokenTimingsTests
{
    [Theory]
    [InlineData("""{"step_durations_ms":{"b":2,"a":1}}""", "a=1,b=2")]
    [InlineData("""{"STEP_Durations_MS":{"a":1}}""", "a=1")]
    [InlineData("""{"step_durations_ms":{"a":1},"step_durations_ms":{"b":2,"a":3}}""", "a=3,b=2")]
    [InlineData("""{"step_durations_ms":{"a":null},"other":[1,{"x":"y"}]}""", "a=0")]
    [InlineData("""{"step_durations_ms":{"a":1.5}}""", "")]
    [InlineData("""{"step_durations_ms":{"a":1e3}}""", "")]
    [InlineData("""{"step_durations_ms":{"a":"1"}}""", "")]
    [InlineData("""{"step_durations_ms":[1]}""", "")]
    [InlineData("""{"step_durations_ms":{"a":1},"connector_call_stats":{"x":{"count":"many"}}}""", "")]
    [InlineData("""{"step_durations_ms":{"a":1},"ingest_quality":7}""", "")]
    [InlineData("""{"step_durations_ms":{"a":1}""", "")]
    [InlineData("""[{"step_durations_ms":{"a":1}}]""", "")]
    [InlineData("""{"version":1}""", "")]
    [InlineData("null", "")]
    [InlineData("not json", "")]
    [InlineData("", "")]
    public void StepDurations_FollowTheReferencesDecoding(string token, string expected)
    {
        SyncStats stats = new();

        SyncTokenTimings.Apply(stats, token);

        Assert.Equal(expected, string.Join(",", stats.StepDurationsMs.Select(e => $"{e.Key}={e.Value}")));
    }

    [Fact]
    public void CallStats_DropNullEntries_IgnoreUnknownFields_AndMatchNamesCaseInsensitively()
    {
        SyncStats stats = new();

        SyncTokenTimings.Apply(stats, """{"connector_call_stats":{"b":null,"a":{"COUNT":2,"total_ms":7,"extra":"x"}},"session_store_stats":{}}""");

        Assert.Equal(["a"], stats.ConnectorCallStats.Keys);
        Assert.Equal(new CallStat { Count = 2, TotalMs = 7 }, stats.ConnectorCallStats["a"]);
        Assert.Empty(stats.SessionStoreStats);
    }

    [Fact]
    public void ATokenWithOnlyIngestQuality_AddsNothing()
    {
        SyncStats stats = new() { Grants = 5 };

        SyncTokenTimings.Apply(stats, """{"ingest_quality":{"source_cache_replay_blocked":true}}""");

        Assert.Equal(new SyncStats { Grants = 5 }, stats);
    }
}
