using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli;

public sealed class StatsCommandTests
{
    [Fact]
    public void Stats_ShowsTheLatestSyncsCounts_AndTheStoresSize()
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("stats", "--store", store.Path);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"Sync {store.SecondSync} (full, ended", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(store.FirstSync, result.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ resources\s+│ 5 ", result.Out);
        Assert.Matches(@"│   user\s+│ 3 ", result.Out);
        Assert.Matches(@"│ grants\s+│ 3 ", result.Out);
        Assert.Contains("on disk", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_AsJson_AllSyncs_OrOne()
    {
        using CliStore store = new();
        JsonElement all = JsonDocument.Parse(Assert.Single(CliRunner.Run("stats", "--store", store.Path, "--all", "--json").Lines)).RootElement;
        List<JsonElement> syncs = all.GetProperty("syncs").EnumerateArray().ToList();
        Assert.Equal([store.FirstSync, store.SecondSync], syncs.Select(sync => sync.GetProperty("id").GetString()));
        Assert.Equal([2L, 3L], syncs.Select(sync => sync.GetProperty("grants").GetInt64()));
        Assert.Equal(2, syncs[0].GetProperty("resourcesByType").GetProperty("user").GetInt64());
        Assert.True(all.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.True(all.GetProperty("tables").GetInt32() >= 0);

        JsonElement one = JsonDocument.Parse(Assert.Single(CliRunner.Run("stats", "--store", store.Path, "--sync", store.FirstSync, "--json").Lines)).RootElement;
        Assert.Equal(store.FirstSync, Assert.Single(one.GetProperty("syncs").EnumerateArray().ToList()).GetProperty("id").GetString());
    }

    [Fact]
    public void Stats_Errors()
    {
        using CliStore store = new();
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("stats", "--store", store.Path, "--sync", "2aaaaaaaaaaaaaaaaaaaaaaaaaa").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("stats", "--store", store.Path, "--sync", store.FirstSync, "--all").ExitCode);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("stats", "--store", store.Combine("absent")).ExitCode);
        string junk = store.Combine("junk.c1z");
        File.WriteAllBytes(junk, "C1ZF\0not a zstd frame at all"u8.ToArray());
        Assert.Equal(ExitCodes.Damaged, CliRunner.Run("stats", "--store", junk).ExitCode);
    }
}
