using System.Text.Json;
using Engine.Cli;

namespace Engine.Tests.Cli;

public sealed class PackCommandTests
{
    [Fact]
    public void Pack_ThenUnpack_GivesAStoreWithTheSameSyncs()
    {
        using CliStore store = new();
        string artifact = store.Combine("store.art");
        CliResult packed = CliRunner.Run("pack", artifact, "--store", store.Path);
        Assert.True(packed.ExitCode == ExitCodes.Ok, packed.ToString());
        Assert.Contains("Packed 2 syncs", packed.Out, StringComparison.Ordinal);

        string target = store.Combine("unpacked");
        CliResult unpacked = CliRunner.Run("unpack", artifact, "--store", target, "--json");
        Assert.True(unpacked.ExitCode == ExitCodes.Ok, unpacked.ToString());
        Assert.Equal(2, JsonDocument.Parse(Assert.Single(unpacked.Lines)).RootElement.GetProperty("syncs").GetInt32());
        Assert.Equal(CliRunner.Run("syncs", "--store", store.Path).Out, CliRunner.Run("syncs", "--store", target).Out);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("verify", "--store", target).ExitCode);
    }

    [Fact]
    public void Pack_AsJson_ReportsTheArtifactsSize()
    {
        using CliStore store = new();
        string artifact = store.Combine("store.art");
        CliResult packed = CliRunner.Run("pack", artifact, "--store", store.Path, "--json");
        Assert.True(packed.ExitCode == ExitCodes.Ok, packed.ToString());
        JsonElement json = JsonDocument.Parse(Assert.Single(packed.Lines)).RootElement;
        Assert.Equal(new FileInfo(artifact).Length, json.GetProperty("bytes").GetInt64());
        Assert.Equal(2, json.GetProperty("syncs").GetInt32());
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("pack", artifact, "--store", store.Combine("absent")).ExitCode);
    }

    [Fact]
    public void Unpack_IntoANonEmptyTarget_IsRefused_AndOtherErrorsHaveTheirCodes()
    {
        using CliStore store = new();
        string artifact = store.Combine("store.art");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("pack", artifact, "--store", store.Path).ExitCode);

        CliResult refused = CliRunner.Run("unpack", artifact, "--store", store.Path);
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.Contains("not empty", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, CliRunner.Run("unpack", store.Combine("absent.art"), "--store", store.Combine("t1")).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("unpack", Infrastructure.SharedFixtures.C1z("in-progress.c1z"), "--store", store.Combine("t2")).ExitCode);
    }

    [Fact]
    public void Unpack_ADamagedArtifact_IsDamaged_AndLeavesNoTarget()
    {
        using CliStore store = new();
        string artifact = store.Combine("store.art");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("pack", artifact, "--store", store.Path).ExitCode);
        byte[] bytes = File.ReadAllBytes(artifact);
        bytes[^20] ^= 0x40;
        File.WriteAllBytes(artifact, bytes);

        string target = store.Combine("unpacked");
        CliResult result = CliRunner.Run("unpack", artifact, "--store", target);
        Assert.Equal(ExitCodes.Damaged, result.ExitCode);
        Assert.False(Directory.Exists(target));
    }
}
