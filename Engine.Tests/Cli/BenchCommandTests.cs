using System.Text.Json;
using Engine.Cli;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Cli;

/// <summary><c>engine bench</c>: the KV driver in-process, its arguments passed through, the rig's JSON lines out.</summary>
[Trait("Category", "Disk")]
public sealed class BenchCommandTests
{
    private static readonly string[] s_rigFields =
    [
        "engine", "workload", "n", "ops_per_sec", "micros_per_op", "bytes_on_disk", "peak_rss_mb", "seconds",
        "batch", "sync", "compression", "version",
    ];

    [Fact]
    public void Bench_RunsTheKvDriver_AndPrintsRigJsonLines()
    {
        using TempDirectory temp = new("cli-bench");

        CliResult result = CliRunner.Run("bench", temp.Combine("kv"), "--n", "2000");

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
        CliResult bad = CliRunner.Run("bench", "--bogus");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("unknown flag --bogus", bad.Error, StringComparison.Ordinal);
        Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        CliResult help = CliRunner.Run("bench", "--", "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("--n N", help.Out, StringComparison.Ordinal);
    }
}
