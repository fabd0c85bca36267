using System.Text.Json;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Cli;
using Engine.Core.Identifiers;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli;

/// <summary>cleanup, compact, verify and metrics.</summary>
public sealed class MaintenanceCommandTests
{
    [Fact]
    public void Cleanup_KeepingOne_DeletesTheOlderSync()
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("cleanup", "--store", store.Path, "--keep", "1", "--json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        JsonElement json = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
        Assert.Equal([store.FirstSync], json.GetProperty("deletedSyncIds").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(1, json.GetProperty("keepSyncCount").GetInt32());
        Assert.Single(CliRunner.Run("syncs", "--store", store.Path, "--json").Lines);

        CliResult again = CliRunner.Run("cleanup", "--store", store.Path);
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Contains("Deleted 0 syncs (keeping 2 full syncs)", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Cleanup_RefusesAV1File_ALockedStore_AndANegativeKeep()
    {
        using CliStore store = new();
        Assert.Equal(ExitCodes.Refused, CliRunner.Run("cleanup", "--store", SharedFixtures.C1z("in-progress.c1z")).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("cleanup", "--store", store.Path, "--keep", "-1").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("cleanup", "--store", store.Path, "--keep", "two").ExitCode);
        using (SyncStore.Open(store.Path))
        {
            CliResult locked = CliRunner.Run("cleanup", "--store", store.Path);
            Assert.Equal(ExitCodes.Refused, locked.ExitCode);
        }
    }

    [Fact]
    public void Compact_ReportsSizesAndTables()
    {
        using CliStore store = new();
        CliResult table = CliRunner.Run("compact", "--store", store.Path);
        Assert.True(table.ExitCode == ExitCodes.Ok, table.ToString());
        Assert.Contains("Compacted", table.Out, StringComparison.Ordinal);

        JsonElement json = JsonDocument.Parse(Assert.Single(CliRunner.Run("compact", "--store", store.Path, "--json").Lines)).RootElement;
        Assert.True(json.GetProperty("bytesAfter").GetInt64() > 0);
        Assert.Equal(1, json.GetProperty("tablesAfter").GetInt32());
        Assert.Equal(ExitCodes.Refused, CliRunner.Run("compact", "--store", SharedFixtures.C1z("in-progress.c1z")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("compact", "--store", store.Combine("absent")).ExitCode);
    }

    [Fact]
    public void Verify_ASoundStore_IsHealthy()
    {
        using CliStore store = new();
        CliResult result = CliRunner.Run("verify", "--store", store.Path);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("healthy", result.Out, StringComparison.Ordinal);

        JsonElement json = JsonDocument.Parse(Assert.Single(CliRunner.Run("verify", "--store", store.Path, "--sync", store.FirstSync, "--json").Lines)).RootElement;
        Assert.True(json.GetProperty("healthy").GetBoolean());
        Assert.Equal(7, json.GetProperty("recordsChecked").GetInt64()); // 4 resources, 1 entitlement, 2 grants
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("verify", "--store", store.Path, "--sync", "2aaaaaaaaaaaaaaaaaaaaaaaaaa").ExitCode);
    }

    [Fact]
    public void Verify_AMissingIndexEntry_ListsIt_AndExits4()
    {
        using CliStore store = new();
        using (SyncStore open = SyncStore.Open(store.Path))
        {
            using KeyBuilder key = new();
            open.Db.Delete(key.Begin(Keyspace.GrantByPrincipal, Ksuid.Parse(store.SecondSync)).Append("user").Append("bob").Append("group:g1:member:user:bob").Key);
            open.Close();
        }

        CliResult result = CliRunner.Run("verify", "--store", store.Path);
        Assert.Equal(ExitCodes.Damaged, result.ExitCode);
        Assert.Contains("GrantByPrincipal", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 problems", result.Out, StringComparison.Ordinal);

        JsonElement json = JsonDocument.Parse(Assert.Single(CliRunner.Run("verify", "--store", store.Path, "--json").Lines)).RootElement;
        Assert.False(json.GetProperty("healthy").GetBoolean());
        Assert.Single(json.GetProperty("problems").EnumerateArray().ToList());
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("verify", "--store", store.Path, "--sync", store.FirstSync).ExitCode);
    }

    [Fact]
    public void Verify_ADamagedTable_Exits4()
    {
        using CliStore store = new();
        using (SyncStore open = SyncStore.Open(store.Path))
        {
            open.Db.Flush();
            open.Close();
        }

        string table = Directory.GetFiles(store.Path, "*.sst").Single();
        byte[] bytes = File.ReadAllBytes(table);
        bytes[bytes.Length / 3] ^= 0x08;
        File.WriteAllBytes(table, bytes);

        CliResult result = CliRunner.Run("verify", "--store", store.Path);
        Assert.Equal(ExitCodes.Damaged, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_ShowsTheDatabaseFigures()
    {
        using CliStore store = new();
        CliResult table = CliRunner.Run("metrics", "--store", store.Path);
        Assert.True(table.ExitCode == ExitCodes.Ok, table.ToString());
        Assert.Contains("blockCacheCapacityBytes", table.Out, StringComparison.Ordinal);
        Assert.Contains("on disk", table.Out, StringComparison.Ordinal);

        JsonElement json = JsonDocument.Parse(Assert.Single(CliRunner.Run("metrics", "--store", store.Path, "--json").Lines)).RootElement;
        Assert.Equal(7, json.GetProperty("database").GetProperty("filesPerLevel").GetArrayLength());
        Assert.True(json.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Object, json.GetProperty("sync").GetProperty("operations").ValueKind);
        Assert.Equal(0, json.GetProperty("sync").GetProperty("slowOperations").GetInt64());
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("metrics", "--store", store.Combine("absent")).ExitCode);
    }
}
