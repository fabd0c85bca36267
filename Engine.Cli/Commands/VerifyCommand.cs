using System.CommandLine;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine verify [--store S] [--sync ID]</c>: every table's checksums and order, the level invariants, and the sync
/// indexes; lists each problem and exits with 4 when there is one.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create();
        Option<string?> sync = CommonOptions.Sync("Check only this sync's indexes (default: every sync); the tables are always checked whole.");
        Command command = new("verify", "Check the store's tables and sync indexes; exit 4 when a problem is found.") { store, sync };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(store)!, parse.GetValue(sync)));
        return command;
    }

    private static int Run(CommandContext context, string storePath, string? syncId)
    {
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        StoreVerifyReport report = ProgressRunner.Run(context, "verifying", () => handle.Store.Verify(syncId));
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json =>
            {
                json.WriteString("store", storePath);
                json.WriteBoolean("healthy", report.IsHealthy);
                json.WriteNumber("tablesChecked", report.Tables.TablesChecked);
                json.WriteNumber("blocksChecked", report.Tables.BlocksChecked);
                json.WriteNumber("entriesChecked", report.Tables.EntriesChecked);
                json.WriteNumber("recordsChecked", report.Indexes?.RecordsChecked ?? 0);
                json.WriteNumber("indexEntriesChecked", report.Indexes?.IndexEntriesChecked ?? 0);
                json.WriteStartArray("problems");
                foreach (string problem in report.Problems)
                {
                    json.WriteStringValue(problem);
                }

                json.WriteEndArray();
                json.WriteNumber("seconds", report.Duration.TotalSeconds);
            });
        }
        else
        {
            if (!report.IsHealthy)
            {
                Table table = new();
                table.AddColumn("problem");
                foreach (string problem in report.Problems)
                {
                    table.AddRow(Markup.Escape(problem));
                }

                context.Console.Ansi.Write(table);
            }

            string verdict = report.IsHealthy ? "healthy" : $"{Show.Count(report.Problems.Count)} problems";
            context.Console.Out.WriteLine($"'{storePath}': {verdict}. Checked {Show.Count(report.Tables.TablesChecked)} tables, {Show.Count(report.Tables.BlocksChecked)} blocks, {Show.Count(report.Tables.EntriesChecked)} entries, {Show.Count(report.Indexes?.RecordsChecked ?? 0)} records, {Show.Count(report.Indexes?.IndexEntriesChecked ?? 0)} index entries in {Show.Duration(report.Duration)}.");
        }

        return report.IsHealthy ? ExitCodes.Ok : ExitCodes.Damaged;
    }
}
