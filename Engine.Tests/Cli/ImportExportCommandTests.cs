using System.Text.Json;
using Engine.Cli;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli;

public sealed class ImportExportCommandTests
{
    [Fact]
    public void Import_IntoANewStore_PrintsTheSyncAndItsCounts()
    {
        using TempDirectory temp = new("cli-import");
        string store = temp.Combine("store");
        CliResult result = CliRunner.Run("import", SharedFixtures.C1z("org-1k-resources.c1z"), "--store", store);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("Imported 1 syncs, 4,476 records into new store", result.Out, StringComparison.Ordinal);
        Assert.Contains("1,221", result.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("syncs", "--store", store).ExitCode);
    }

    [Fact]
    public void Import_IntoAnExistingStore_AddsItsSyncs_AndTwiceIsRefused()
    {
        using CliStore store = new();
        string file = SharedFixtures.C1z("in-progress.c1z");
        CliResult result = CliRunner.Run("import", file, "--store", store.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        JsonElement json = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
        Assert.False(json.GetProperty("newStore").GetBoolean());
        JsonElement sync = Assert.Single(json.GetProperty("syncs").EnumerateArray().ToList());
        Assert.Equal(84, sync.GetProperty("records").GetInt64());
        Assert.Equal(84, json.GetProperty("records").GetInt64());
        Assert.Equal(3, CliRunner.Run("syncs", "--store", store.Path, "--json").Lines.Length);

        CliResult again = CliRunner.Run("import", file, "--store", store.Path);
        Assert.Equal(ExitCodes.Refused, again.ExitCode);
        Assert.Single(again.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Import_MissingDamagedOrWrongFile_FailsWithItsCode_AndLeavesNoStore()
    {
        using TempDirectory temp = new("cli-import");
        string store = temp.Combine("store");
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("import", temp.Combine("absent.c1z"), "--store", store).ExitCode);

        string junk = temp.Combine("junk.c1z");
        File.WriteAllBytes(junk, "C1ZF\0not a zstd frame at all"u8.ToArray());
        CliResult damaged = CliRunner.Run("import", junk, "--store", store);
        Assert.Equal(ExitCodes.Damaged, damaged.ExitCode);
        Assert.False(Directory.Exists(store));

        string text = temp.Combine("text.c1z");
        File.WriteAllText(text, "hello, world");
        Assert.Equal(ExitCodes.Damaged, CliRunner.Run("import", text, "--store", store).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("import").ExitCode);
    }

    [Fact]
    public void Export_ThenImport_KeepsTheSyncs()
    {
        using CliStore store = new();
        string file = store.Combine("out.c1z");
        CliResult result = CliRunner.Run("export", file, "--store", store.Path);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("Exported 2 syncs", result.Out, StringComparison.Ordinal);

        string copy = store.Combine("copy");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("import", file, "--store", copy).ExitCode);
        string[] ids = CliRunner.Run("syncs", "--store", copy, "--json").Lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!).ToArray();
        Assert.Equal([store.FirstSync, store.SecondSync], ids);
    }

    [Fact]
    public void Export_OneSync_AsJson_AndErrors()
    {
        using CliStore store = new();
        string file = store.Combine("one.c1z");
        CliResult result = CliRunner.Run("export", file, "--store", store.Path, "--sync", store.FirstSync, "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        JsonElement json = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
        Assert.Equal(store.FirstSync, json.GetProperty("syncId").GetString());
        Assert.Equal(new FileInfo(file).Length, json.GetProperty("bytes").GetInt64());

        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("export", store.Combine("x.c1z"), "--store", store.Path, "--sync", "2aaaaaaaaaaaaaaaaaaaaaaaaaa").ExitCode);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("export", store.Combine("y.c1z"), "--store", store.Combine("absent")).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("export", store.Path, "--store", store.Path).ExitCode);
    }
}
