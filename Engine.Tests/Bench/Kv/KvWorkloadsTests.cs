using System.Text.Json;
using Engine.Bench.Kv;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Bench.Kv;

/// <summary>The driver runs every workload on a real store, checks its reads, and prints the rig's JSON lines.</summary>
[Trait("Category", "Disk")]
public sealed class KvWorkloadsTests
{
    private static readonly string[] s_rigFields =
    [
        "engine", "workload", "n", "ops_per_sec", "micros_per_op", "bytes_on_disk", "peak_rss_mb", "seconds",
        "batch", "sync", "compression", "version",
    ];

    [Fact]
    public void Run_AllWorkloads_PrintsRigLinesInRigOrder()
    {
        using TempDirectory directory = new("kv");
        KvSettings settings = new()
        {
            Directory = directory.Path,
            N = 3000,
            Threads = 3,
            Latency = true,
            Workloads = new HashSet<string>([.. KvSettings.RigWorkloads, .. KvSettings.OwnWorkloads]),
        };
        using StringWriter output = new();

        new KvWorkloads(settings, output).Run();

        List<JsonElement> lines = [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(
            ["fillseq", "fillsync", "ingestseq", "fillrandom", "compact", "readrandom", "readmissing", "seekrandom", "scanall", "readseq", "readreverse", "readwhilewriting", "overwrite", "deleterandom"],
            lines.Select(l => l.GetProperty("workload").GetString()));
        foreach (JsonElement line in lines)
        {
            Assert.Equal(s_rigFields, line.EnumerateObject().Take(s_rigFields.Length).Select(p => p.Name));
            Assert.Equal("ours", line.GetProperty("engine").GetString());
            Assert.Equal("lz4", line.GetProperty("compression").GetString());
            Assert.Equal("snappy", line.GetProperty("compression_asked").GetString());
            Assert.True(line.GetProperty("bytes_on_disk").GetInt64() > 0);
            ulong expectedN = line.GetProperty("workload").GetString() == "compact" ? 1UL : 3000UL;
            Assert.Equal(expectedN, line.GetProperty("n").GetUInt64());
        }

        JsonElement fillsync = lines[1];
        Assert.True(fillsync.GetProperty("sync").GetBoolean());
        Assert.Equal(3, fillsync.GetProperty("threads").GetInt32());
        Assert.True(fillsync.GetProperty("p999_us").GetDouble() >= fillsync.GetProperty("p50_us").GetDouble());
        Assert.Equal(0.0, lines[2].GetProperty("wal_amp").GetDouble());
        Assert.True(lines[3].GetProperty("wal_amp").GetDouble() >= 1.0);
        Assert.True(lines[11].GetProperty("writer_ops").GetInt64() > 0);
    }

    [Fact]
    public void Run_RigFormat_NumbersHaveRigDecimals()
    {
        using TempDirectory directory = new("kv");
        KvSettings settings = new() { Directory = directory.Path, N = 500, Workloads = new HashSet<string>(["fillseq"]) };
        using StringWriter output = new();

        new KvWorkloads(settings, output).Run();

        string line = output.ToString().Trim();
        // printf's %.0f, %.3f, %.1f, %.3f: no exponent, fixed decimals.
        Assert.Matches("\"ops_per_sec\":[0-9]+,\"micros_per_op\":[0-9]+\\.[0-9]{3},\"bytes_on_disk\":[0-9]+,\"peak_rss_mb\":[0-9]+\\.[0-9],\"seconds\":[0-9]+\\.[0-9]{3},\"batch\":1,\"sync\":false,", line);
    }

    [Fact]
    public void Run_RssDetail_AddsTheMemorySplit()
    {
        Assert.True(KvCommand.TryParse(["dir", "--n", "500", "--workloads", "fillseq", "--rss-detail", "--alloc-detail"], out KvSettings parsed, out string error), error);
        Assert.True(parsed.RssDetail);
        Assert.True(parsed.AllocDetail);
        using TempDirectory directory = new("kv");
        KvSettings settings = parsed with { Directory = directory.Path };
        using StringWriter output = new();

        new KvWorkloads(settings, output).Run();

        JsonElement line = JsonDocument.Parse(output.ToString().Trim()).RootElement;
        double anon = line.GetProperty("peak_rss_anon_mb").GetDouble();
        double file = line.GetProperty("peak_rss_file_mb").GetDouble();
        Assert.True(line.GetProperty("peak_managed_mb").GetDouble() > 0);
        if (OperatingSystem.IsLinux())
        {
            // The runtime alone makes both non-zero, and together they cannot exceed the peak VmHWM by much (the
            // samples are taken at different moments than VmHWM's peak, never above it).
            Assert.True(anon > 0 && file > 0);
            Assert.True(Math.Max(anon, file) <= line.GetProperty("peak_rss_mb").GetDouble() + 1);
        }
    }
}
