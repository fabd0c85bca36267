using System.Globalization;
using System.Text;

namespace Engine.Bench.Local;

/// <summary>
/// The markdown summary of the local verb, ready for <c>docs/benchmarks.md</c>: per workload and metric, the median of
/// the rounds for our engine and SQLite and the ratio oriented so that above 1 means our engine is ahead (engine/SQLite
/// for rates, SQLite/engine for latencies); then the encryption table, whose ratio is the time an encrypted store takes
/// over a plain one (above 1: what encryption costs).
/// </summary>
internal static class LocalTable
{
    /// <summary>The backends of the comparison with SQLite, in table order.</summary>
    public static readonly (string Ours, string Theirs) Comparison = ("engine", "sqlite");

    /// <summary>The backends of the encryption workload, in table order.</summary>
    public static readonly (string Ours, string Theirs) Encryption = ("plain", "encrypted");

    /// <summary>The tables for <paramref name="figures"/>.</summary>
    public static string Render(IReadOnlyList<LocalFigure> figures)
    {
        StringBuilder text = new();
        List<LocalFigure> compared = [.. figures.Where(f => f.Backend is "engine" or "sqlite")];
        if (compared.Count > 0)
        {
            text.Append("ratio: above 1, the engine is ahead (engine/SQLite for rates, SQLite/engine for latencies)\n\n");
            text.Append("| workload | engine | SQLite | ratio |\n|---|---:|---:|---:|\n");
            foreach (var group in compared.GroupBy(f => (f.Workload, f.Metric)))
            {
                double? engine = Median(group, Comparison.Ours);
                double? sqlite = Median(group, Comparison.Theirs);
                bool higher = group.First().HigherIsBetter;
                double? ratio = engine is null || sqlite is null ? null : higher ? engine / sqlite : sqlite / engine;
                Row(text, $"{group.Key.Workload} {group.First().Label}", engine, sqlite, ratio);
            }
        }

        List<LocalFigure> encrypted = [.. figures.Where(f => f.Backend is "plain" or "encrypted")];
        if (encrypted.Count > 0)
        {
            text.Append(text.Length > 0 ? "\n" : "")
                .Append("encrypted/plain: the time an encrypted store takes over a plain one (above 1: the cost of encryption)\n\n");
            text.Append("| workload | plain | encrypted | encrypted/plain |\n|---|---:|---:|---:|\n");
            foreach (var group in encrypted.GroupBy(f => f.Metric))
            {
                double? plain = Median(group, Encryption.Ours);
                double? sealedStore = Median(group, Encryption.Theirs);
                bool higher = group.First().HigherIsBetter;
                double? ratio = plain is null || sealedStore is null ? null : higher ? plain / sealedStore : sealedStore / plain;
                Row(text, $"encryption {group.First().Label}", plain, sealedStore, ratio);
            }
        }

        return text.ToString();
    }

    /// <summary>The median value among <paramref name="backend"/>'s rounds (the lower middle of an even count); null when none ran.</summary>
    public static double? Median(IEnumerable<LocalFigure> figures, string backend)
    {
        List<double> sorted = [.. figures.Where(f => f.Backend == backend).Select(f => f.Value).Order()];
        return sorted.Count == 0 ? null : sorted[(sorted.Count - 1) / 2];
    }

    private static void Row(StringBuilder text, string name, double? ours, double? theirs, double? ratio) =>
        text.Append(CultureInfo.InvariantCulture, $"| {name} | {Number(ours)} | {Number(theirs)} | {Ratio(ratio)} |\n");

    /// <summary>Two decimals, or two significant digits below 0.1, so that a small ratio never prints as 0.00.</summary>
    private static string Ratio(double? ratio)
    {
        if (ratio is not { } r || !double.IsFinite(r) || r <= 0)
        {
            return "-";
        }

        int decimals = r >= 0.1 ? 2 : Math.Min(10, 1 - (int)Math.Floor(Math.Log10(r)));
        return r.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Three significant digits at least, no exponent: 0.00123, 0.123, 12.3, 123, 1,234,567.</summary>
    private static string Number(double? value) => value switch
    {
        null => "-",
        >= 1000 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => value.Value.ToString("F2", CultureInfo.InvariantCulture),
        > 0 => value.Value.ToString("F" + Math.Min(10, 2 - (int)Math.Floor(Math.Log10(value.Value))).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        _ => value.Value.ToString("F3", CultureInfo.InvariantCulture),
    };
}
