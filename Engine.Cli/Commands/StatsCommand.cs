using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text.Json;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine stats [--store S] [--sync ID | --all]</c>: the record counts of a sync (default: the latest finished one, else
/// the latest running one) by
/// kind and resource type, then the store's size on disk and its tables per level.
/// </summary>
internal static class StatsCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create();
        Option<string?> sync = CommonOptions.Sync("The sync to count (default: the latest finished sync).");
        Option<bool> all = new("--all") { Description = "Count every sync, in creation order." };
        Command command = new("stats", "Show record counts per sync and the store's size.") { store, sync, all };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(store)!, parse.GetValue(sync), parse.GetValue(all)));
        return command;
    }

    private static int Run(CommandContext context, string storePath, string? syncId, bool all)
    {
        if (all && syncId is not null)
        {
            throw new CliException(ExitCodes.Usage, "--sync and --all exclude each other");
        }

        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        SyncStore store = handle.Store;
        List<SyncRunInfo> runs = SyncRuns.All(store);
        string wanted = syncId ?? DefaultSync(store, runs);
        List<SyncRunInfo> chosen = all ? runs : runs.Where(run => run.Id == wanted).ToList();
        if (syncId is not null && chosen.Count == 0)
        {
            throw new StorageException(StorageErrorCode.NotFound, $"no sync with id '{syncId}' found");
        }

        List<(SyncRunInfo Run, SyncStats Stats)> syncs = chosen.Select(run => (run, SyncRuns.StatsOf(store, run.Id))).ToList();
        long bytes = store.CurrentSizeBytes();
        DatabaseMetrics metrics = store.Db.GetMetrics();
        if (context.Json)
        {
            WriteJson(context, storePath, syncs, bytes, metrics);
        }
        else
        {
            WriteTables(context, storePath, syncs, bytes, metrics);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The latest finished sync, else the latest started one (a store holding only a running sync), else none.</summary>
    private static string DefaultSync(SyncStore store, List<SyncRunInfo> runs)
    {
        string latest = store.LatestFinishedSyncId(SyncType.Any);
        return latest.Length > 0 || runs.Count == 0 ? latest : runs[^1].Id;
    }

    private static void WriteJson(CommandContext context, string storePath, List<(SyncRunInfo Run, SyncStats Stats)> syncs, long bytes, DatabaseMetrics metrics) =>
        JsonOutput.WriteObject(context.Console.Out, json =>
        {
            json.WriteString("store", storePath);
            json.WriteNumber("sizeBytes", bytes);
            json.WriteNumber("tables", metrics.FilesPerLevel.Sum());
            json.WritePropertyName("filesPerLevel");
            JsonSerializer.Serialize(json, metrics.FilesPerLevel);
            json.WritePropertyName("bytesPerLevel");
            JsonSerializer.Serialize(json, metrics.BytesPerLevel);
            json.WriteStartArray("syncs");
            foreach ((SyncRunInfo run, SyncStats stats) in syncs)
            {
                json.WriteStartObject();
                json.WriteString("id", run.Id);
                json.WriteString("type", run.Type);
                JsonOutput.WriteInstant(json, "endedAt", run.EndedAt);
                json.WriteNumber("resourceTypes", stats.ResourceTypes);
                json.WriteNumber("resources", stats.Resources);
                json.WriteNumber("entitlements", stats.Entitlements);
                json.WriteNumber("grants", stats.Grants);
                json.WriteNumber("assets", stats.Assets);
                json.WriteStartObject("resourcesByType");
                foreach (KeyValuePair<string, long> type in stats.ResourcesByResourceType.OrderBy(type => type.Key, System.StringComparer.Ordinal))
                {
                    json.WriteNumber(type.Key, type.Value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

    private static void WriteTables(CommandContext context, string storePath, List<(SyncRunInfo Run, SyncStats Stats)> syncs, long bytes, DatabaseMetrics metrics)
    {
        IAnsiConsole ansi = context.Console.Ansi;
        if (syncs.Count == 0)
        {
            context.Console.Out.WriteLine("No syncs.");
        }

        foreach ((SyncRunInfo run, SyncStats stats) in syncs)
        {
            context.Console.Out.WriteLine($"Sync {run.Id} ({run.Type}, {(run.EndedAt is null ? "running" : "ended " + Show.Instant(run.EndedAt))})");
            Table counts = new();
            counts.AddColumns("kind", "records");
            counts.AddRow("resource types", Show.Count(stats.ResourceTypes));
            counts.AddRow("resources", Show.Count(stats.Resources));
            foreach (KeyValuePair<string, long> type in stats.ResourcesByResourceType.OrderBy(type => type.Key, System.StringComparer.Ordinal))
            {
                counts.AddRow(Markup.Escape("  " + type.Key), Show.Count(type.Value));
            }

            counts.AddRow("entitlements", Show.Count(stats.Entitlements));
            counts.AddRow("grants", Show.Count(stats.Grants));
            counts.AddRow("assets", Show.Count(stats.Assets));
            ansi.Write(counts);
        }

        context.Console.Out.WriteLine($"Store '{storePath}': {Show.Bytes(bytes)} on disk, {metrics.FilesPerLevel.Sum()} tables");
        Table levels = new();
        levels.AddColumns("level", "tables", "bytes");
        for (int level = 0; level < metrics.FilesPerLevel.Count; level++)
        {
            if (metrics.FilesPerLevel[level] > 0)
            {
                levels.AddRow($"L{level}", Show.Count(metrics.FilesPerLevel[level]), Show.Bytes(metrics.BytesPerLevel[level]));
            }
        }

        ansi.Write(levels);
    }
}
