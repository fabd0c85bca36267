using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Engine.Api;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine metrics [--store S]</c>: the key-value store's figures (tables and bytes per level, memtables, compaction,
/// caches) as a table of fields or one JSON object under <c>database</c>. Counters run from the open, so on a store just
/// opened by this command they show what opening did; sizes are current.
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
        DatabaseMetrics database = handle.Store.Db.GetMetrics();
        string json = JsonSerializer.Serialize(database, s_json);
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, writer =>
            {
                writer.WriteString("store", storePath);
                writer.WriteNumber("sizeBytes", handle.Store.CurrentSizeBytes());
                writer.WritePropertyName("database");
                writer.WriteRawValue(json, skipInputValidation: true);
            });
        }
        else
        {
            context.Console.Out.WriteLine($"Store '{storePath}': {Show.Bytes(handle.Store.CurrentSizeBytes())} on disk.");
            context.Console.Ansi.Write(LevelTable(database));
            context.Console.Ansi.Write(FieldTable.From(json, "levels", "filesPerLevel", "bytesPerLevel"));
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

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
