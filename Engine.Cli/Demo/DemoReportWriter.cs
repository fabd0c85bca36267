using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using C1.Reader.V2;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Spectre.Console;

namespace Engine.Cli.Demo;

/// <summary>Prints a <see cref="DemoReport"/>: sections of tables for people, or one JSON object for scripts.</summary>
internal static class DemoReportWriter
{
    public static void WriteText(CliConsole console, DemoReport report)
    {
        IAnsiConsole ansi = console.Ansi;
        DemoSettings settings = report.Settings;
        ansi.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demo store: {settings.StorePath}"));
        ansi.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Organisation: {Show.Count(settings.Users)} users, seed {settings.Seed}, {settings.Syncs} full syncs"));
        ansi.WriteLine();

        ansi.WriteLine("Syncs");
        Table syncs = new();
        syncs.AddColumns("#", "sync id", "records", "time", "records/s");
        for (int i = 0; i < report.Syncs.Count; i++)
        {
            DemoSyncTiming sync = report.Syncs[i];
            syncs.AddRow(Show.Count(i + 1), sync.SyncId, Show.Count(sync.Records), Show.Duration(sync.Elapsed), Show.Count((long)sync.RecordsPerSecond));
        }

        ansi.Write(syncs);
        for (int i = 0; i < report.Churn.Count; i++)
        {
            DemoChurn c = report.Churn[i];
            ansi.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Churn before sync {i + 2}: {c.Left} left, {c.Joined} joined, {c.Moves} group moves, {c.RoleChanges} role changes, {c.AccessChanges} project access changes, {c.ProfileChanges} profile changes, {c.StatusChanges} status changes"));
        }

        ansi.WriteLine();

        ansi.WriteLine($"Last sync ({report.Syncs[^1].SyncId})");
        Table stats = new();
        stats.AddColumns("kind", "count");
        SyncStats last = report.LastSyncStats;
        stats.AddRow("resource types", Show.Count(last.ResourceTypes));
        stats.AddRow("resources", Show.Count(last.Resources));
        foreach (KeyValuePair<string, long> type in last.ResourcesByResourceType.OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            stats.AddRow(Markup.Escape($"  {type.Key}"), Show.Count(type.Value));
        }

        stats.AddRow("entitlements", Show.Count(last.Entitlements));
        stats.AddRow("grants", Show.Count(last.Grants));
        ansi.Write(stats);
        ansi.WriteLine();

        if (report.Diff is { } diff)
        {
            ansi.WriteLine($"Diff of the last two syncs ({diff.BaseSyncId} -> {diff.AppliedSyncId})");
            ansi.Write(ComparisonOutput.CountsTable(diff));
            if (report.DiffExamples.Count > 0)
            {
                ansi.WriteLine("Examples");
                ansi.Write(ComparisonOutput.ChangesTable(report.DiffExamples));
            }

            ansi.WriteLine();
        }

        DemoCleanup cleanup = report.Cleanup;
        ansi.WriteLine("Cleanup (default retention)");
        Table cleanupTable = new();
        cleanupTable.AddColumns("", "before", "after");
        cleanupTable.AddRow("syncs", Show.Count(cleanup.SyncsBefore), Show.Count(cleanup.SyncsAfter));
        cleanupTable.AddRow("store bytes", Show.Bytes(cleanup.BytesBefore), Show.Bytes(cleanup.BytesAfter));
        ansi.Write(cleanupTable);
        ansi.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cleanup.SyncsDeleted} sync(s) deleted in {Show.Duration(cleanup.Elapsed)}"));
        ansi.WriteLine();

        ansi.WriteLine($"Total time: {Show.Duration(report.Total)}");
        ansi.WriteLine($"Store size on disk: {Show.Bytes(report.StoreBytes)}");
        ansi.WriteLine($"Next: {CliApp.Name} syncs --store {settings.StorePath}");
    }

    public static void WriteJson(CliConsole console, DemoReport report) => JsonOutput.WriteObject(console.Out, json =>
    {
        DemoSettings settings = report.Settings;
        json.WriteString("store", settings.StorePath);
        json.WriteNumber("users", settings.Users);
        json.WriteNumber("seed", settings.Seed);
        json.WriteStartArray("syncs");
        foreach (DemoSyncTiming sync in report.Syncs)
        {
            json.WriteStartObject();
            json.WriteString("id", sync.SyncId);
            json.WriteNumber("records", sync.Records);
            json.WriteNumber("seconds", sync.Elapsed.TotalSeconds);
            json.WriteNumber("recordsPerSecond", sync.RecordsPerSecond);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("churn");
        foreach (DemoChurn churn in report.Churn)
        {
            WriteChurn(json, churn);
        }

        json.WriteEndArray();
        WriteStats(json, report.Syncs[^1].SyncId, report.LastSyncStats);
        if (report.Diff is { } diff)
        {
            json.WriteStartObject("diff");
            ComparisonOutput.WriteSummary(json, diff);
            json.WriteStartArray("examples");
            foreach (SyncChange change in report.DiffExamples)
            {
                json.WriteStartObject();
                ComparisonOutput.WriteChange(json, change);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("diff");
        }

        DemoCleanup cleanup = report.Cleanup;
        json.WriteStartObject("cleanup");
        json.WriteNumber("syncsBefore", cleanup.SyncsBefore);
        json.WriteNumber("syncsAfter", cleanup.SyncsAfter);
        json.WriteNumber("syncsDeleted", cleanup.SyncsDeleted);
        json.WriteNumber("bytesBefore", cleanup.BytesBefore);
        json.WriteNumber("bytesAfter", cleanup.BytesAfter);
        json.WriteNumber("seconds", cleanup.Elapsed.TotalSeconds);
        json.WriteEndObject();
        json.WriteNumber("totalSeconds", report.Total.TotalSeconds);
        json.WriteNumber("storeBytes", report.StoreBytes);
    });

    /// <summary>The last sync's counts as plain JSON numbers (protobuf's JSON mapping would quote the 64-bit ones).</summary>
    private static void WriteStats(Utf8JsonWriter json, string syncId, SyncStats stats)
    {
        json.WriteStartObject("lastSync");
        json.WriteString("id", syncId);
        json.WriteNumber("resourceTypes", stats.ResourceTypes);
        json.WriteNumber("resources", stats.Resources);
        json.WriteNumber("entitlements", stats.Entitlements);
        json.WriteNumber("grants", stats.Grants);
        WriteMap(json, "resourcesByResourceType", stats.ResourcesByResourceType);
        WriteMap(json, "entitlementsByResourceType", stats.EntitlementsByResourceType);
        WriteMap(json, "grantsByResourceType", stats.GrantsByResourceType);
        json.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, long>> counts)
    {
        json.WriteStartObject(name);
        foreach (KeyValuePair<string, long> entry in counts.OrderBy(e => e.Key, System.StringComparer.Ordinal))
        {
            json.WriteNumber(entry.Key, entry.Value);
        }

        json.WriteEndObject();
    }

    private static void WriteChurn(Utf8JsonWriter json, DemoChurn churn)
    {
        json.WriteStartObject();
        json.WriteNumber("left", churn.Left);
        json.WriteNumber("joined", churn.Joined);
        json.WriteNumber("groupMoves", churn.Moves);
        json.WriteNumber("roleChanges", churn.RoleChanges);
        json.WriteNumber("accessChanges", churn.AccessChanges);
        json.WriteNumber("profileChanges", churn.ProfileChanges);
        json.WriteNumber("statusChanges", churn.StatusChanges);
        json.WriteEndObject();
    }
}
