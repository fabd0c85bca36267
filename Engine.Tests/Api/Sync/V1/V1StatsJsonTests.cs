using C1.Reader.V2;
using Engine.Api.Sync.V1;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>The v1 <c>stats</c> column: Go's encoding/json of the reference's SyncStats, read as Go reads it, ignored when it does not decode.</summary>
[Trait("Category", "Unit")]
public sealed class V1StatsJsonTests
{
    [Fact]
    public void WhatGoWrites_ReadsBackField_ByField()
    {
        const string Json =
            """
            {"resource_types":4,"resources":35217,"entitlements":334,"grants":66601,
             "resources_by_resource_type":{"user":35000,"group":17},"grants_by_resource_type":{"group":66601},
             "entitlements_by_resource_type":{"role":100},"assets":2,"step_durations_ms":{"grants":12},
             "connector_call_stats":{"ListGrants":{"count":3,"total_ms":40,"max_ms":20,"errors":1,"timeouts":1}},
             "session_store_stats":{"get":{"count":10}}}
            """;

        SyncStats stats = V1StatsJson.Parse(Json)!;

        SyncStats expected = new()
        {
            ResourceTypes = 4,
            Resources = 35217,
            Entitlements = 334,
            Grants = 66601,
            ResourcesByResourceType = { ["group"] = 17, ["user"] = 35000 },
            GrantsByResourceType = { ["group"] = 66601 },
            EntitlementsByResourceType = { ["role"] = 100 },
            Assets = 2,
            StepDurationsMs = { ["grants"] = 12 },
            ConnectorCallStats = { ["ListGrants"] = new CallStat { Count = 3, TotalMs = 40, MaxMs = 20, Errors = 1, Timeouts = 1 } },
            SessionStoreStats = { ["get"] = new CallStat { Count = 10 } },
        };
        Assert.Equal(expected, stats);
        Assert.Equal(["group", "user"], stats.ResourcesByResourceType.Keys);
    }

    [Fact]
    public void NamesMatchAsGoMatchesThem_UnknownFieldsAndNullsAreIgnored()
    {
        SyncStats stats = V1StatsJson.Parse("""{"Resource_Types":2,"extra":[1],"grants":null,"resources_by_resource_type":null}""")!;

        Assert.Equal(new SyncStats { ResourceTypes = 2 }, stats);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("""{"resource_types":1.5}""")]
    [InlineData("""{"resource_types":"4"}""")]
    [InlineData("""{"resources_by_resource_type":{"user":"x"}}""")]
    [InlineData("""{"connector_call_stats":{"a":3}}""")]
    public void WhatDoesNotDecode_IsNoStats_AsTheReferenceIgnoresIt(string json)
    {
        Assert.Null(V1StatsJson.Parse(json));
    }
}
