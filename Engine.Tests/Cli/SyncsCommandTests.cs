using System.Text.Json;
using Engine.Api.Sync;
using Engine.Cli;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli;

public sealed class SyncsCommandTests
{
    [Fact]
    public void Syncs_ListsEveryRunInCreationOrder_AsTableAndJsonLines()
    {
        using TempDirectory temp = new("cli-syncs");
        string path = temp.Combine("store");
        string first, second;
        using (SyncStore store = SyncStore.Open(path))
        {
            first = store.StartNewSync(SyncType.Full);
            store.EndSync();
            second = store.StartNewSync(SyncType.Partial);
            store.EndSync();
            store.Close();
        }

        CliResult table = CliRunner.Run("syncs", "--store", path);
        Assert.True(table.ExitCode == ExitCodes.Ok, table.ToString());
        Assert.True(table.Out.IndexOf(first, StringComparison.Ordinal) < table.Out.IndexOf(second, StringComparison.Ordinal), table.ToString());
        Assert.Contains("partial", table.Out, StringComparison.Ordinal);

        CliResult json = CliRunner.Run("syncs", "--store", path, "--json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        string[] ids = json.Lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!).ToArray();
        Assert.Equal([first, second], ids);
    }

    [Fact]
    public void Syncs_MissingStore_IsOneLineOnStderrAndNotFound()
    {
        using TempDirectory temp = new("cli-syncs");
        CliResult result = CliRunner.Run("syncs", "--store", temp.Combine("absent"));
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("absent", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_IsAUsageError()
    {
        CliResult result = CliRunner.Run("syncs", "--bogus");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("engine: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedFile_IsDamaged_AndVerboseAddsTheStackTrace()
    {
        using TempDirectory temp = new("cli-syncs");
        string path = temp.Combine("junk.c1z");
        File.WriteAllBytes(path, "C1ZF\0not a zstd frame at all"u8.ToArray());
        CliResult quiet = CliRunner.Run("syncs", "--store", path);
        Assert.Equal(ExitCodes.Damaged, quiet.ExitCode);
        Assert.Single(quiet.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        CliResult verbose = CliRunner.Run("syncs", "--store", path, "--verbose");
        Assert.Equal(ExitCodes.Damaged, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error, StringComparison.Ordinal);
    }
}
