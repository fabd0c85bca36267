using System.Text.Json;
using Engine.Cli;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli;

/// <summary>
/// <c>engine bench</c>: the sync benchmark in-process (both backends, JSON lines and a table of medians); <c>bench kv</c>:
/// the KV driver, the rig's JSON lines out. Arguments pass through.
/// </summary>
[Trait("Category", "Disk")]
public sealed class BenchCommandTests
{
    private static readonly string[] s_rigFields =
    [
        "engine", "workload", "n", "ops_per_sec", "micros_per_op", "bytes_on_disk", "peak_rss_mb", "seconds",
        "batch", "sync", "compression", "version",
    ];

    [Fact]
    public void Bench_RunsTheSyncBenchmark_OnBothBackends()
    {
        using TempDirectory temp = new("cli-bench");

        CliResult result = CliRunner.Run("bench", "--n", "100", "--rounds", "1", "--workloads", "write_pack,unpack_read", "--dir", temp.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        JsonElement[] lines = [.. result.Lines.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.Equal(
            ["unpack_read/lsm", "unpack_read/sqlite", "write_pack/lsm", "write_pack/sqlite"],
            lines.Select(line => $"{line.GetProperty("workload").GetString()}/{line.GetProperty("backend").GetString()}").Order(StringComparer.Ordinal));
        Assert.All(lines, line => Assert.Equal(100, line.GetProperty("records").GetInt64()));
        Assert.Contains("| write_pack", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchKv_RunsTheKvDriver_AndPrintsRigJsonLines()
    {
        using TempDirectory temp = new("cli-bench");

        CliResult result = CliRunner.Run("bench", "kv", temp.Combine("kv"), "--n", "2000");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        JsonElement[] lines = [.. result.Lines.Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.Equal(
            ["fillseq", "fillrandom", "compact", "readrandom", "readmissing", "seekrandom", "scanall", "overwrite", "deleterandom"],
            lines.Select(line => line.GetProperty("workload").GetString()));
        Assert.All(lines, line =>
        {
            Assert.Equal(s_rigFields, line.EnumerateObject().Take(s_rigFields.Length).Select(p => p.Name));
            Assert.Equal("ours", line.GetProperty("engine").GetString());
        });
    }

    [Fact]
    public void Bench_BadFlag_IsOneLineAndUsage_AndDriverHelpPassesThrough()
    {
        CliResult bad = CliRunner.Run("bench", "kv", "--bogus");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("unknown flag --bogus", bad.Error, StringComparison.Ordinal);
        Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        CliResult badSync = CliRunner.Run("bench", "--workloads", "nonesuch");
        Assert.Equal(ExitCodes.Usage, badSync.ExitCode);
        Assert.Contains("unknown workload 'nonesuch'", badSync.Error, StringComparison.Ordinal);
        Assert.Single(badSync.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        CliResult help = CliRunner.Run("bench", "kv", "--", "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("--n N", help.Out, StringComparison.Ordinal);

        CliResult syncHelp = CliRunner.Run("bench", "--", "--help");
        Assert.Equal(ExitCodes.Ok, syncHelp.ExitCode);
        Assert.Contains("write_pack", syncHelp.Out, StringComparison.Ordinal);
    }
}
