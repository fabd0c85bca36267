using System.Globalization;
using System.Text;

namespace Engine.Bench.Sync;

/// <summary>
/// The markdown summary of the sync verb: per workload and N, the median of the rounds for each backend and the ratio
/// time_sqlite / time_lsm (above 1: our store is faster); then the sizes write_pack saw.
/// </summary>
internal static class SyncTable
{
    /// <summary>The tables for <paramref name="samples"/>.</summary>
    public static string Render(IReadOnlyList<SyncSample> samples)
    {
        StringBuilder text = new();
        text.Append("| workload | N | lsm ms | sqlite ms | sqlite/lsm | lsm rec/s | sqlite rec/s | lsm alloc B/rec | sqlite alloc B/rec | lsm peak RSS MB (start) | sqlite peak RSS MB (start) |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var group in samples.GroupBy(s => (s.Workload, s.N)))
        {
            SyncSample? lsm = Median(group, "lsm");
            SyncSample? sqlite = Median(group, "sqlite");
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key.Workload} | {group.Key.N} | {Ms(lsm)} | {Ms(sqlite)} | {Ratio(lsm, sqlite)} ")
                .Append(CultureInfo.InvariantCulture, $"| {Rate(lsm)} | {Rate(sqlite)} | {Alloc(lsm)} | {Alloc(sqlite)} | {Rss(lsm)} | {Rss(sqlite)} |\n");
        }

        List<SyncSample> packs = [.. samples.Where(s => s.PackedBytes >= 0)];
        if (packs.Count > 0)
        {
            text.Append("\n| workload | N | lsm store bytes | lsm packed bytes | sqlite db bytes | sqlite .c1z (v1) bytes | packed lsm/v1 |\n");
            text.Append("|---|---:|---:|---:|---:|---:|---:|\n");
            foreach (var group in packs.GroupBy(s => (s.Workload, s.N)))
            {
                SyncSample? lsm = group.FirstOrDefault(s => s.Backend == "lsm");
                SyncSample? sqlite = group.FirstOrDefault(s => s.Backend == "sqlite");
                string ratio = lsm is not null && sqlite is not null && sqlite.PackedBytes > 0
                    ? (lsm.PackedBytes / (double)sqlite.PackedBytes).ToString("F2", CultureInfo.InvariantCulture)
                    : "-";
                text.Append(CultureInfo.InvariantCulture, $"| {group.Key.Workload} | {group.Key.N} | {lsm?.StoreBytes.ToString(CultureInfo.InvariantCulture) ?? "-"} | {lsm?.PackedBytes.ToString(CultureInfo.InvariantCulture) ?? "-"} ")
                    .Append(CultureInfo.InvariantCulture, $"| {sqlite?.StoreBytes.ToString(CultureInfo.InvariantCulture) ?? "-"} | {sqlite?.PackedBytes.ToString(CultureInfo.InvariantCulture) ?? "-"} | {ratio} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The round of median time among <paramref name="backend"/>'s samples (the lower middle of an even count).</summary>
    private static SyncSample? Median(IEnumerable<SyncSample> samples, string backend)
    {
        List<SyncSample> sorted = [.. samples.Where(s => s.Backend == backend).OrderBy(s => s.Seconds)];
        return sorted.Count == 0 ? null : sorted[(sorted.Count - 1) / 2];
    }

    private static string Ms(SyncSample? s) => s is null ? "-" : (s.Seconds * 1000).ToString("F2", CultureInfo.InvariantCulture);

    private static string Rate(SyncSample? s) => s is null ? "-" : s.RecordsPerSecond.ToString("F0", CultureInfo.InvariantCulture);

    private static string Alloc(SyncSample? s) => s is null ? "-" : s.AllocatedPerRecord.ToString("F0", CultureInfo.InvariantCulture);

    private static string Rss(SyncSample? s) =>
        s is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.PeakRssMb:F0} ({s.RssStartMb:F0})");

    private static string Ratio(SyncSample? lsm, SyncSample? sqlite) =>
        lsm is null || sqlite is null || lsm.Seconds <= 0 ? "-" : (sqlite.Seconds / lsm.Seconds).ToString("F2", CultureInfo.InvariantCulture);
}
