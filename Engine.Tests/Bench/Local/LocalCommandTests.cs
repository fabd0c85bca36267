using System.Globalization;
using System.Text.Json;
using Engine.Bench.Local;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Bench.Local;

/// <summary>The local verb runs every workload on both of its backends and prints JSON lines and tables whose ratios parse.</summary>
[Trait("Category", "Disk")]
public sealed class LocalCommandTests
{
    [Fact]
    public void Run_Quick_PrintsEveryFigureForBothBackends_AndTheRatiosParse()
    {
        using TempDirectory dir = new("local-bench");
        StringWriter output = new();
        StringWriter errors = new();

        int code = LocalCommand.Run(["--quick", "--rounds", "1", "--dir", dir.Path], output, errors);

        Assert.True(code == 0, errors.ToString());
        string[] printed = output.ToString().Split('\n');
        Dictionary<(string Workload, string Backend), HashSet<string>> metrics = [];
        foreach (string line in printed.Where(l => l.StartsWith('{')))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            Assert.Equal("local", root.GetProperty("verb").GetString());
            Assert.Equal(0, root.GetProperty("round").GetInt32());
            double value = root.GetProperty("value").GetDouble();
            Assert.True(value > 0 && double.IsFinite(value), line);
            Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 0, line);
            (string, string) key = (root.GetProperty("workload").GetString()!, root.GetProperty("backend").GetString()!);
            Assert.True((metrics.TryGetValue(key, out HashSet<string>? names) ? names : metrics[key] = []).Add(root.GetProperty("metric").GetString()!), line);
        }

        // Every workload measured the same figures on both of its backends.
        foreach (string workload in LocalWorkloads.All)
        {
            (string ours, string theirs) = LocalWorkloads.Backends(workload);
            Assert.True(metrics.ContainsKey((workload, ours)), $"{workload} printed nothing for {ours}");
            Assert.NotEmpty(metrics[(workload, ours)]);
            Assert.Equal(metrics[(workload, ours)].Order(), metrics[(workload, theirs)].Order());
        }

        // One table row per workload and metric, each with both figures and a ratio that parses.
        string[] rows = [.. printed.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| workload", StringComparison.Ordinal))];
        Assert.Equal(metrics.Where(m => m.Key.Backend is "engine" or "plain").Sum(m => m.Value.Count), rows.Length);
        foreach (string row in rows)
        {
            string[] cells = [.. row.Split('|', StringSplitOptions.TrimEntries)[1..^1]];
            Assert.Equal(4, cells.Length);
            foreach (string cell in cells[1..])
            {
                Assert.True(double.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out double number) && number > 0, row);
            }
        }

        Assert.Contains("| kv get p50 (µs) |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| encryption puts/s in 1,000-put batches |", output.ToString(), StringComparison.Ordinal);

        // The scratch directory is gone.
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("--n 0")]
    [InlineData("--n ten")]
    [InlineData("--rounds 0")]
    [InlineData("--only kv,nosuch")]
    [InlineData("--bogus 1")]
    [InlineData("--n")]
    public void TryParse_BadFlags_Fail(string line)
    {
        Assert.False(LocalCommand.TryParse(line.Split(' '), out _, out string error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryParse_Flags_AreApplied()
    {
        Assert.True(LocalCommand.TryParse(["--n", "5000", "--quick", "--rounds", "4", "--only", "docs,kv", "--dir", "/d"], out LocalSettings settings, out string error), error);

        Assert.Equal(5000, settings.N);
        Assert.True(settings.Quick);
        Assert.Equal(4, settings.Rounds);
        Assert.Equal(["kv", "docs"], settings.Workloads);
        Assert.Equal("/d", settings.Directory);
    }
}
