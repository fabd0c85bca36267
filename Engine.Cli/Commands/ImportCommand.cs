using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.V1;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine import FILE.c1z [--store DIR]</c>: the syncs of a reference v1 file into a new store directory (absent or
/// empty) or an existing store, with ids, instants and bytes kept; prints each imported sync's counts and the time.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> file = new("file") { Description = "The v1 .c1z file to import." };
        Option<string> store = StoreOption.Create("The store to import into: a new (absent or empty) directory, or an existing store (default: $ENGINE_STORE, else the default store folder).");
        Command command = new("import", "Import the syncs of a v1 .c1z file into a new or existing store.") { file, store };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(file)!, parse.GetValue(store)!));
        return command;
    }

    private static int Run(CommandContext context, string file, string storePath)
    {
        if (!File.Exists(file))
        {
            throw new CliException(ExitCodes.NotFound, $"no file at '{file}'");
        }

        if (StoreOpener.KindOfFile(file) != StoreKind.V1File)
        {
            throw new CliException(ExitCodes.Usage, $"'{file}' is a packed artifact, not a v1 .c1z file: use {CliApp.Name} unpack");
        }

        Stopwatch clock = Stopwatch.StartNew();
        bool isNew = !File.Exists(storePath) && (!Directory.Exists(storePath) || !Directory.EnumerateFileSystemEntries(storePath).Any());
        List<(SyncRunInfo Run, SyncStats Stats)> imported = ProgressRunner.Run(context, $"importing {Path.GetFileName(file)}", () =>
        {
            if (isNew)
            {
                using SyncStore created = SyncStore.CreateFromV1(file, storePath);
                List<(SyncRunInfo, SyncStats)> all = Summaries(created, SyncRuns.All(created));
                created.Close();
                return all;
            }

            using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Write);
            HashSet<string> before = SyncRuns.All(handle.Store).Select(run => run.Id).ToHashSet(StringComparer.Ordinal);
            V1Import.Import(file, handle.Store);
            return Summaries(handle.Store, SyncRuns.All(handle.Store).Where(run => !before.Contains(run.Id)));
        });
        clock.Stop();
        Render(context, file, storePath, isNew, imported, clock.Elapsed);
        return ExitCodes.Ok;
    }

    private static List<(SyncRunInfo Run, SyncStats Stats)> Summaries(SyncStore store, IEnumerable<SyncRunInfo> runs) =>
        runs.Select(run => (run, SyncRuns.StatsOf(store, run.Id))).ToList();

    private static void Render(CommandContext context, string file, string storePath, bool isNew, List<(SyncRunInfo Run, SyncStats Stats)> imported, TimeSpan elapsed)
    {
        long records = imported.Sum(entry => SyncRuns.Records(entry.Stats));
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("file", file);
                json.WriteString("store", storePath);
                json.WriteBoolean("newStore", isNew);
                json.WriteStartArray("syncs");
                foreach ((SyncRunInfo run, SyncStats stats) in imported)
                {
                    json.WriteStartObject();
                    json.WriteString("id", run.Id);
                    json.WriteString("type", run.Type);
                    JsonOutput.WriteInstant(json, "startedAt", run.StartedAt);
                    JsonOutput.WriteInstant(json, "endedAt", run.EndedAt);
                    JsonOutput.WriteMessage(json, "stats", stats);
                    json.WriteNumber("records", SyncRuns.Records(stats));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteNumber("records", records);
                json.WriteNumber("seconds", elapsed.TotalSeconds);
            });
            return;
        }

        Table table = new();
        table.AddColumns("sync", "type", "started", "ended", "resource types", "resources", "entitlements", "grants", "assets");
        foreach ((SyncRunInfo run, SyncStats stats) in imported)
        {
            table.AddRow(run.Id, Markup.Escape(run.Type), Show.Instant(run.StartedAt), Show.Instant(run.EndedAt), Show.Count(stats.ResourceTypes),
                Show.Count(stats.Resources), Show.Count(stats.Entitlements), Show.Count(stats.Grants), Show.Count(stats.Assets));
        }

        context.Console.Ansi.Write(table);
        context.Console.Out.WriteLine($"Imported {Show.Count(imported.Count)} syncs, {Show.Count(records)} records into {(isNew ? "new" : "existing")} store '{storePath}' in {Show.Duration(elapsed)}.");
    }
}
