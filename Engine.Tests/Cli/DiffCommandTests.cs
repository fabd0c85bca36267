using System.Text.Json;
using Engine.Api.Sync;
using Engine.Cli;
using Engine.Tests.Infrastructure;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Cli;

/// <summary><c>engine diff BASE APPLIED</c>: counts and the first changes, as a table or JSON lines; read-only.</summary>
[Trait("Category", "Disk")]
public sealed class DiffCommandTests
{
    [Fact]
    public void Diff_PrintsCountsAndTheFirstChanges_AsTableAndJsonLines()
    {
        using TempDirectory temp = new("cli-diff");
        string path = temp.Combine("store");
        (string first, string second) = TwoSyncs(path);

        CliResult table = CliRunner.Run("diff", first, second, "--store", path);
        Assert.True(table.ExitCode == ExitCodes.Ok, table.ToString());
        Assert.Matches(@"│ resources\s+│\s+2 │\s+1 │\s+1 │", table.Out);
        Assert.Contains("user:gone", table.Out, StringComparison.Ordinal);
        Assert.Contains("First 4 of 4 changes", table.Out, StringComparison.Ordinal);

        CliResult json = CliRunner.Run("diff", first, second, "--store", path, "--json", "--limit", "2");
        Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
        Assert.Equal(3, json.Lines.Length);
        JsonElement summary = JsonDocument.Parse(json.Lines[0]).RootElement;
        Assert.Equal(first, summary.GetProperty("baseSyncId").GetString());
        Assert.Equal(4, summary.GetProperty("totalChanges").GetInt64());
        JsonElement resources = summary.GetProperty("counts").GetProperty("resources");
        Assert.Equal((2, 1, 1), (resources.GetProperty("added").GetInt32(), resources.GetProperty("removed").GetInt32(), resources.GetProperty("changed").GetInt32()));
        JsonElement change = JsonDocument.Parse(json.Lines[1]).RootElement;
        Assert.Equal(("resources", "removed", "user:gone"), (change.GetProperty("kind").GetString(), change.GetProperty("change").GetString(), change.GetProperty("id").GetString()));

        CliResult none = CliRunner.Run("diff", first, second, "--store", path, "--json", "--limit", "0");
        Assert.Single(none.Lines);
    }

    [Fact]
    public void Diff_MissingSyncOrStore_IsNotFound_AndABadLimitIsUsage()
    {
        using TempDirectory temp = new("cli-diff");
        string path = temp.Combine("store");
        (string first, _) = TwoSyncs(path);

        CliResult missing = CliRunner.Run("diff", first, "3N5bLnhTmd6ikk4eBreBH5dr3EM", "--store", path);
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Single(missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("diff", first, first, "--store", temp.Combine("absent")).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("diff", first, first, "--store", path, "--limit", "-1").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("diff", first, "--store", path).ExitCode);
    }

    private static (string First, string Second) TwoSyncs(string path)
    {
        using SyncStore store = SyncStore.Open(path);
        string first = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "kept"), MakeResource("user", "renamed"), MakeResource("user", "gone"));
        store.EndSync();
        string second = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "kept"), MakeResource("user", "renamed").Renamed("x"), MakeResource("user", "new1"), MakeResource("user", "new2"));
        store.EndSync();
        store.Close();
        return (first, second);
    }
}
