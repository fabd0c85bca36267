using System.Text.Json;
using Engine.Api.Sync;
using Engine.Cli;
using Engine.Cli.Demo;
using Engine.Cli.Output;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli;

/// <summary>
/// <c>engine demo</c> in-process on a small organisation: the report matches the generator's counts, a second run
/// replaces its own store, and a directory it did not make is refused untouched.
/// </summary>
[Trait("Category", "Disk")]
public sealed class DemoCommandTests
{
    private const int Users = 60;
    private const int Seed = 5;

    [Fact]
    public void Demo_Json_ReportsTheGeneratorsCounts_SyncsDiffAndCleanup()
    {
        using TempDirectory temp = new("cli-demo");
        string path = temp.Combine("store");
        DemoCounts expected = ExpectedLastSync();

        CliResult result = CliRunner.Run("demo", "--store", path, "--users", $"{Users}", "--seed", $"{Seed}", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        JsonElement report = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
        Assert.Equal(Users, report.GetProperty("users").GetInt32());
        JsonElement[] syncs = [.. report.GetProperty("syncs").EnumerateArray()];
        Assert.Equal(3, syncs.Length);
        Assert.All(syncs, s => Assert.True(s.GetProperty("records").GetInt64() > 0 && s.GetProperty("recordsPerSecond").GetDouble() > 0));
        Assert.Equal(expected.Total, syncs[^1].GetProperty("records").GetInt64());
        Assert.Equal(2, report.GetProperty("churn").GetArrayLength());

        JsonElement last = report.GetProperty("lastSync");
        Assert.Equal(syncs[^1].GetProperty("id").GetString(), last.GetProperty("id").GetString());
        Assert.Equal(expected.ResourceTypes, last.GetProperty("resourceTypes").GetInt64());
        Assert.Equal(expected.Resources, last.GetProperty("resources").GetInt64());
        Assert.Equal(expected.Entitlements, last.GetProperty("entitlements").GetInt64());
        Assert.Equal(expected.Grants, last.GetProperty("grants").GetInt64());
        Assert.Equal(expected.ResourcesByType["user"], last.GetProperty("resourcesByResourceType").GetProperty("user").GetInt64());

        JsonElement diff = report.GetProperty("diff");
        Assert.Equal(syncs[1].GetProperty("id").GetString(), diff.GetProperty("baseSyncId").GetString());
        Assert.Equal(syncs[2].GetProperty("id").GetString(), diff.GetProperty("appliedSyncId").GetString());
        Assert.True(diff.GetProperty("totalChanges").GetInt64() > 0);
        Assert.True(diff.GetProperty("counts").GetProperty("grants").GetProperty("added").GetInt64() > 0);
        Assert.NotEqual(0, diff.GetProperty("examples").GetArrayLength());

        JsonElement cleanup = report.GetProperty("cleanup");
        Assert.Equal((3, 2, 1), (cleanup.GetProperty("syncsBefore").GetInt32(), cleanup.GetProperty("syncsAfter").GetInt32(), cleanup.GetProperty("syncsDeleted").GetInt32()));
        Assert.True(report.GetProperty("storeBytes").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(path, DemoStoreFolder.MarkerName)));

        // The store is left for the other commands, holding the two syncs the cleanup kept.
        using SyncStore store = SyncStore.Open(path, SyncStoreOptions.Default with { ReadOnly = true });
        Assert.Equal(2, store.ListSyncRuns(100, null).Items.Count);
        Assert.Equal(syncs[^1].GetProperty("id").GetString(), store.LatestFinishedSyncId(SyncType.Full));
    }

    [Fact]
    public void Demo_Text_MentionsTheCounts_AndASecondRunReplacesItsOwnStore()
    {
        using TempDirectory temp = new("cli-demo");
        string path = temp.Combine("store");
        DemoCounts expected = ExpectedLastSync();

        CliResult first = CliRunner.Run("demo", "--store", path, "--users", $"{Users}", "--seed", $"{Seed}");
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains($"│ grants         │ {Show.Count(expected.Grants)}", first.Out, StringComparison.Ordinal);
        Assert.Contains($"│ resources      │ {Show.Count(expected.Resources)}", first.Out, StringComparison.Ordinal);
        Assert.Contains("Diff of the last two syncs", first.Out, StringComparison.Ordinal);
        Assert.Contains("Store size on disk", first.Out, StringComparison.Ordinal);
        List<string> firstSyncs = SyncIds(path);

        CliResult second = CliRunner.Run("demo", "--store", path, "--users", $"{Users}", "--seed", $"{Seed}", "--syncs", "2");
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        List<string> secondSyncs = SyncIds(path);
        Assert.Equal(2, secondSyncs.Count);
        Assert.Empty(secondSyncs.Intersect(firstSyncs));
    }

    [Fact]
    public void Demo_NonEmptyDirectoryWithoutMarker_IsRefusedAndLeftAlone()
    {
        using TempDirectory temp = new("cli-demo");
        string precious = temp.Combine("precious.txt");
        File.WriteAllText(precious, "keep me");

        CliResult result = CliRunner.Run("demo", "--store", temp.Path, "--users", "10");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(DemoStoreFolder.MarkerName, result.Error, StringComparison.Ordinal);
        Assert.Equal(["precious.txt"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
        Assert.Equal("keep me", File.ReadAllText(precious));
    }

    [Fact]
    public void Demo_FileAsStore_IsRefused_AndBadSizesAreUsageErrors()
    {
        using TempDirectory temp = new("cli-demo");
        string file = temp.Combine("file");
        File.WriteAllText(file, "x");
        Assert.Equal(ExitCodes.Refused, CliRunner.Run("demo", "--store", file).ExitCode);
        Assert.Equal("x", File.ReadAllText(file));
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("demo", "--store", temp.Combine("s"), "--users", "0").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("demo", "--store", temp.Combine("s"), "--syncs", "0").ExitCode);
        Assert.False(Directory.Exists(temp.Combine("s")));
    }

    /// <summary>The counts of the demo's last sync: the organisation after two rounds of churn.</summary>
    private static DemoCounts ExpectedLastSync()
    {
        DemoOrganization organisation = DemoOrganization.Generate(Users, Seed);
        organisation.Churn();
        organisation.Churn();
        return organisation.Count();
    }

    private static List<string> SyncIds(string path)
    {
        using SyncStore store = SyncStore.Open(path, SyncStoreOptions.Default with { ReadOnly = true });
        return [.. store.ListSyncRuns(100, null).Items.Select(run => run.Id)];
    }
}
