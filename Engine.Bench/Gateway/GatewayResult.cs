using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Bench.Gateway;

/// <summary>One phase of one run: items moved, wall time, and every request's latency.</summary>
internal sealed record GatewayResult(string Store, int Devices, int Round, string Phase, long Items, double Seconds, double[] LatenciesMs)
{
    public double ItemsPerSecond => Items / Seconds;

    public double Percentile(double p)
    {
        double[] sorted = [.. LatenciesMs.Order()];
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["bench"] = "gateway",
        ["store"] = Store,
        ["devices"] = Devices,
        ["round"] = Round,
        ["phase"] = Phase,
        ["items"] = Items,
        ["requests"] = LatenciesMs.Length,
        ["seconds"] = Math.Round(Seconds, 4),
        ["ops_per_sec"] = Math.Round(ItemsPerSecond),
        ["p50_ms"] = Math.Round(Percentile(0.50), 3),
        ["p99_ms"] = Math.Round(Percentile(0.99), 3),
    });

    /// <summary>Medians over rounds per store, devices and phase, with each store's throughput against SQLite's.</summary>
    public static string MedianTable(IReadOnlyList<GatewayResult> results)
    {
        StringBuilder table = new("| phase | devices | store | ops/s | p50 ms | p99 ms | / sqlite |\n|---|---:|---|---:|---:|---:|---:|\n");
        foreach (var group in results.GroupBy(r => (r.Phase, r.Devices, r.Store)).OrderBy(g => g.Key.Phase).ThenBy(g => g.Key.Devices))
        {
            double rate = Median(group.Select(r => r.ItemsPerSecond));
            double? sqlite = results.Where(r => r.Phase == group.Key.Phase && r.Devices == group.Key.Devices && r.Store == "sqlite")
                .Select(r => r.ItemsPerSecond).DefaultIfEmpty().Max() is > 0
                ? Median(results.Where(r => r.Phase == group.Key.Phase && r.Devices == group.Key.Devices && r.Store == "sqlite").Select(r => r.ItemsPerSecond))
                : null;
            table.Append(CultureInfo.InvariantCulture,
                $"| {group.Key.Phase} | {group.Key.Devices} | {group.Key.Store} | {rate:F0} | {Median(group.Select(r => r.Percentile(0.5))):F2} | {Median(group.Select(r => r.Percentile(0.99))):F2} | {(sqlite is { } s ? (rate / s).ToString("F2", CultureInfo.InvariantCulture) : "")} |\n");
        }

        return table.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
