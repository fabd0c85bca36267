using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Telemetry;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine metrics [--store S]</c>: the store's figures (<see cref="SyncStore.GetMetrics"/>): the key-value store's
/// (tables and bytes per level, memtables, compaction, caches) under <c>database</c>, and the sync store's operations and
/// records by kind under <c>sync</c>. Counters run from the open, so on a store just opened by this command they show what
/// opening and reading the figures did; sizes are current. A long-running host reads the same figures through
/// <c>GetMetrics()</c> or the meters (docs/observability.md).
/// </summary>
internal static class MetricsCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create();
        Command command = new("metrics", "Show the store's figures.") { store };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(store)!));
        return command;
    }

    private static int Run(CommandContext context, string storePath)
    {
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        SyncStoreMetrics metrics = handle.Store.GetMetrics();
        DatabaseMetrics database = metrics.Database;
        string json = JsonSerializer.Serialize(database, s_json);
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, writer =>
            {
                writer.WriteString("store", storePath);
                writer.WriteNumber("sizeBytes", handle.Store.CurrentSizeBytes());
                writer.WritePropertyName("database");
                writer.WriteRawValue(json, skipInputValidation: true);
                WriteSync(writer, metrics);
            });
        }
        else
        {
            context.Console.Out.WriteLine($"Store '{storePath}': {Show.Bytes(handle.Store.CurrentSizeBytes())} on disk.");
            context.Console.Ansi.Write(LevelTable(database));
            context.Console.Ansi.Write(FieldTable.From(json, "levels", "filesPerLevel", "bytesPerLevel"));
            if (metrics.Operations.Count > 0)
            {
                context.Console.Ansi.Write(OperationTable(metrics));
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>One row per level holding tables or compaction work.</summary>
    private static Table LevelTable(DatabaseMetrics metrics)
    {
        Table table = new();
        table.AddColumns("level", "tables", "bytes", "score", "compactions", "bytes read", "bytes written");
        for (int level = 0; level < metrics.Levels.Count; level++)
        {
            LevelMetrics figures = metrics.Levels[level];
            if (figures.Files > 0 || figures.Compactions > 0)
            {
                table.AddRow($"L{level}", Show.Count(figures.Files), Show.Bytes(figures.Bytes), figures.Score.ToString("0.00", CultureInfo.InvariantCulture),
                    Show.Count(figures.Compactions), Show.Bytes(figures.BytesRead), Show.Bytes(figures.BytesWritten));
            }
        }

        return table;
    }

    /// <summary>The sync store's figures: per operation, calls, errors and durations in milliseconds; per record kind, records and bytes.</summary>
    private static void WriteSync(Utf8JsonWriter writer, SyncStoreMetrics metrics)
    {
        writer.WriteStartObject("sync");
        writer.WriteStartObject("operations");
        foreach ((string name, SyncOperationMetrics figures) in metrics.Operations.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(name);
            writer.WriteNumber("count", figures.Count);
            writer.WriteNumber("errors", figures.Errors);
            writer.WriteNumber("totalMs", figures.TotalDuration.TotalMilliseconds);
            writer.WriteNumber("maxMs", figures.MaxDuration.TotalMilliseconds);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("records");
        foreach ((string kind, SyncRecordMetrics figures) in metrics.Records.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(kind);
            writer.WriteNumber("recordsRead", figures.RecordsRead);
            writer.WriteNumber("bytesRead", figures.BytesRead);
            writer.WriteNumber("recordsWritten", figures.RecordsWritten);
            writer.WriteNumber("bytesWritten", figures.BytesWritten);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNumber("slowOperations", metrics.SlowOperations);
        writer.WriteEndObject();
    }

    /// <summary>One row per sync-store operation called since the open.</summary>
    private static Table OperationTable(SyncStoreMetrics metrics)
    {
        Table table = new();
        table.AddColumns("operation", "calls", "errors", "mean", "max");
        foreach ((string name, SyncOperationMetrics figures) in metrics.Operations.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            table.AddRow(name, Show.Count(figures.Count), Show.Count(figures.Errors), Show.Duration(figures.MeanDuration), Show.Duration(figures.MaxDuration));
        }

        return table;
    }

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
