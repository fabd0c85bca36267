using System.Text.Json;
using Engine.Bench.Sync;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Bench.Sync;

/// <summary>The sync verb runs every workload on both backends and prints one JSON line per run and a table of medians.</summary>
[Trait("Category", "Disk")]
public sealed class SyncCommandTests
{
    [Fact]
    public void Execute_TinyN_PrintsALinePerWorkloadBackendNAndRound_AndTheTable()
    {
        using TempDirectory dir = new("sync-bench");
        string jsonOut = dir.Combine("out.jsonl");
        SyncSettings settings = new() { Ns = [20, 150], Rounds = 2, Workloads = SyncWorkloads.All, Directory = dir.Path, JsonOut = jsonOut };
        StringWriter lines = new();

        string table = SyncCommand.Execute(settings, lines);

        string[] printed = lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SyncWorkloads.All.Count * 2 * 2 * 2, printed.Length);
        Assert.Equal(printed, File.ReadAllLines(jsonOut));
        var keys = new HashSet<(string, string, int, int)>();
        foreach (string line in printed)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            string workload = root.GetProperty("workload").GetString()!;
            int n = root.GetProperty("n").GetInt32();
            Assert.True(keys.Add((workload, root.GetProperty("backend").GetString()!, n, root.GetProperty("round").GetInt32())));
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            Assert.True(root.GetProperty("allocated_bytes").GetInt64() > 0);
            Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 0);
            long records = root.GetProperty("records").GetInt64();
            switch (workload)
            {
                case "write_pack":
                    Assert.Equal(n, records);
                    Assert.True(root.GetProperty("store_bytes").GetInt64() > 0);
                    Assert.True(root.GetProperty("packed_bytes").GetInt64() > 0);
                    break;
                case "unpack_read":
                    // Every grant comes back from the packed file, on either backend.
                    Assert.Equal(n, records);
                    break;
                case "cleanup_3of5":
                    Assert.Equal(3L * n, records);
                    break;
                case "resources_by_type":
                    Assert.Equal(SyncWorkloads.Queries * SyncDataset.UserCount, records);
                    break;
            }
        }

        Assert.Equal(["lsm", "sqlite"], keys.Select(k => k.Item2).Distinct().Order());
        foreach (string workload in SyncWorkloads.All)
        {
            Assert.Contains($"| {workload} | 20 |", table, StringComparison.Ordinal);
            Assert.Contains($"| {workload} | 150 |", table, StringComparison.Ordinal);
        }

        Assert.Contains("sqlite .c1z (v1) bytes", table, StringComparison.Ordinal);

        // The scratch directory is gone; only the JSON copy is left.
        Assert.Equal(["out.jsonl"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Execute_ReadsFromBothBackends_ReturnTheSameCounts()
    {
        using TempDirectory dir = new("sync-bench");
        SyncSettings settings = new() { Ns = [300], Rounds = 1, Workloads = SyncWorkloads.All, Directory = dir.Path };
        StringWriter lines = new();

        SyncCommand.Execute(settings, lines);

        Dictionary<(string, string), long> records = [];
        foreach (string line in lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            records[(json.RootElement.GetProperty("workload").GetString()!, json.RootElement.GetProperty("backend").GetString()!)] =
                json.RootElement.GetProperty("records").GetInt64();
        }

        foreach (string workload in SyncWorkloads.All)
        {
            Assert.Equal(records[(workload, "sqlite")], records[(workload, "lsm")]);
        }

        // 300 grants over 100 entitlements: 3 each; user 0 holds grants 0 to 99.
        Assert.Equal(SyncWorkloads.Queries * 3, records[("entitlement_cold", "lsm")]);
        Assert.Equal(SyncWorkloads.Queries * 100, records[("principal_hot", "lsm")]);
    }

    [Fact]
    public void Execute_FixedWorkloads_WriteTheDemoOrgAndReadTheV1File_OnBothBackends()
    {
        using TempDirectory dir = new("sync-bench");
        SyncSettings settings = new()
        {
            Ns = [10],
            Rounds = 1,
            Workloads = SyncFixedWorkloads.All,
            DemoUsers = 50,
            V1File = SharedFixtures.C1z("org-1k-resources.c1z"),
            Directory = dir.Path,
        };
        StringWriter lines = new();

        string table = SyncCommand.Execute(settings, lines);

        DemoOrgDataset demo = new(50);
        List<JsonElement> rows = [.. lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(4, rows.Count);
        foreach (JsonElement row in rows.Where(r => r.GetProperty("workload").GetString() == "demo_org"))
        {
            Assert.Equal(demo.Grants.Length, row.GetProperty("n").GetInt32());
            Assert.Equal(demo.RecordCount, row.GetProperty("records").GetInt64());
            Assert.True(row.GetProperty("packed_bytes").GetInt64() > 0);
        }

        // Both backends see the same resources in the fixture's latest full sync.
        long[] imported = [.. rows.Where(r => r.GetProperty("workload").GetString() == "v1_import").Select(r => r.GetProperty("records").GetInt64())];
        Assert.Equal(2, imported.Length);
        Assert.True(imported[0] > 0);
        Assert.Equal(imported[0], imported[1]);
        Assert.Contains("| demo_org |", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--n 0")]
    [InlineData("--n ten")]
    [InlineData("--rounds 0")]
    [InlineData("--workloads write_pack,nosuch")]
    [InlineData("--backend lsm,pebble")]
    [InlineData("--bogus 1")]
    [InlineData("--n")]
    public void TryParse_BadFlags_Fail(string line)
    {
        Assert.False(SyncCommand.TryParse(line.Split(' '), out _, out string error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryParse_Flags_AreApplied()
    {
        Assert.True(SyncCommand.TryParse(
            ["--n", "5,50", "--rounds", "4", "--workloads", "unpack_read,write_pack", "--backend", "sqlite", "--dir", "/d", "--json-out", "/o"],
            out SyncSettings settings,
            out string error),
            error);

        Assert.Equal([5, 50], settings.Ns);
        Assert.Equal(4, settings.Rounds);
        Assert.Equal(["write_pack", "unpack_read"], settings.Workloads);
        Assert.Equal(["sqlite"], settings.Backends);
        Assert.Equal("/d", settings.Directory);
        Assert.Equal("/o", settings.JsonOut);
    }
}
